package dev.bulkexport.e2e;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * A CSV export loaded with the column types its manifest declares (the data dictionary's), the way
 * docs/loading.md shows: into DuckDB with {@code read_csv(..., columns = {...})} and into PostgreSQL with
 * {@code COPY} into a table of those types. Nothing is inferred, so a ZIP code keeps its leading zero.
 */
final class TypedCsvLoad {

    private TypedCsvLoad() {
    }

    /** A data dictionary type in DuckDB. */
    static String duckdbType(String type) {
        return type.equals("STRING") ? "VARCHAR" : type;
    }

    /** A data dictionary type in PostgreSQL. */
    static String postgresType(String type) {
        return switch (type) {
            case "STRING" -> "text";
            case "DOUBLE" -> "double precision";
            default -> type.startsWith("DECIMAL") ? "numeric" + type.substring("DECIMAL".length()) : type.toLowerCase();
        };
    }

    static List<List<Object>> intoDuckDb(Path csv, List<String> names, List<String> types) throws Exception {
        String columns = IntStream.range(0, names.size())
                .mapToObj(i -> "'" + names.get(i) + "': '" + duckdbType(types.get(i)) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        String path = csv.toAbsolutePath().toString().replace("'", "''");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            return rows(statement.executeQuery("SELECT * FROM read_csv('" + path + "', header = true, delim = ',',"
                    + " quote = '\"', escape = '\"', columns = " + columns + ")"), names.size());
        }
    }

    /** Loads into a table of a schema of its own in the database at {@code jdbcUrl}, reads it back, drops it. */
    static List<List<Object>> intoPostgres(String jdbcUrl, String user, String password, Path csv, List<String> names,
            List<String> types) throws Exception {
        String schema = "typed_load_" + UUID.randomUUID().toString().replace("-", "");
        String columns = String.join(", ", names);
        String definitions = IntStream.range(0, names.size())
                .mapToObj(i -> names.get(i) + " " + postgresType(types.get(i)))
                .collect(Collectors.joining(", "));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            try {
                statement.execute("CREATE TABLE " + schema + ".export (line bigserial, " + definitions + ")");
                try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + ".export ("
                            + columns + ") FROM STDIN (FORMAT csv, HEADER true)", in);
                }
                return rows(statement.executeQuery("SELECT " + columns + " FROM " + schema + ".export ORDER BY line"),
                        names.size());
            } finally {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static List<List<Object>> rows(ResultSet rs, int width) throws Exception {
        try (rs) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(Arrays.asList(row));
            }
            return rows;
        }
    }
}
