package dev.bulkexport.e2e;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An export file as DuckDB reads it: column names, DuckDB types and rows. DuckDB runs offline (no extension
 * downloads); CSV is read as text so that its values are compared as written, not as a sniffer guesses them.
 */
record DuckDbFile(List<String> columns, List<String> types, List<List<Object>> rows) {

    static DuckDbFile read(Path file, String format) throws Exception {
        String path = file.toAbsolutePath().toString().replace("'", "''");
        String source = switch (format) {
            case "csv" -> "read_csv('" + path + "', header = true, delim = ',', quote = '\"', escape = '\"',"
                    + " all_varchar = true)";
            case "jsonl" -> "read_json('" + path + "', format = 'newline_delimited')";
            case "parquet" -> "read_parquet('" + path + "')";
            default -> throw new IllegalArgumentException(format);
        };
        try (Connection connection = open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + source)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
                types.add(meta.getColumnTypeName(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(Arrays.asList(row));
            }
            return new DuckDbFile(columns, types, rows);
        }
    }

    /** The compression codecs used in a Parquet file's column chunks. */
    static List<String> parquetCompressions(Path file) throws Exception {
        try (Connection connection = open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('"
                        + file.toAbsolutePath().toString().replace("'", "''") + "')")) {
            List<String> codecs = new ArrayList<>();
            while (rs.next()) {
                codecs.add(rs.getString(1));
            }
            return codecs;
        }
    }

    /** A source row in comparable form: numbers as plain decimals without trailing zeros, dates ISO. */
    static List<String> normalized(List<Object> row) {
        return row.stream().map(DuckDbFile::normalize).toList();
    }

    /** A row read from a file, normalized the way its source row is (CSV numbers arrive as text). */
    static List<String> normalizedLike(List<Object> row, List<Object> source) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            if (value instanceof String text && source.get(i) instanceof Number) {
                value = new BigDecimal(text);
            }
            out.add(normalize(value));
        }
        return out;
    }

    private static String normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static Connection open() throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
        }
        return connection;
    }
}
