package dev.bulkexport.bench;

import dev.bulkexport.testsupport.PostgresServer;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The raw baselines on the same database: psql's {@code \copy} of the very SELECT the worker's units report
 * runs, to a CSV file, and DuckDB converting that file to Parquet ZSTD.
 */
final class Baselines {
    /** One timed run: how many rows, how long, the file written. */
    record Timed(long rows, double seconds, long bytes) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private Baselines() {
    }

    /**
     * The units report's SELECT with the job's parameters as literals, on one line (as \copy needs), each
     * column named as in our files (u.id AS unit_id): a CSV header or JSON keys are the job's.
     */
    static String unitsSelect(List<Long> propertyIds, LocalDate start, LocalDate end) {
        String sql = named(Reports.UNITS);
        String[] parts = sql.split("\\?", -1);
        if (parts.length != 4) {
            throw new IllegalStateException("expected 3 parameters in the units SELECT: " + sql);
        }
        String ids = propertyIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        String literal = parts[0] + "'{" + ids + "}'::bigint[]" + parts[1] + "DATE '" + start + "'" + parts[2]
                + "DATE '" + end + "'" + parts[3];
        return literal.replaceAll("\\s+", " ").trim();
    }

    /** The report's SQL with {@code AS name} after each expression of its select list (one a line). */
    private static String named(ReportDefinition report) {
        String[] lines = report.sql().split("\n");
        List<ReportColumn> columns = report.columns();
        StringBuilder out = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String expression = lines[i].trim();
            expression = i == 0 ? expression.substring("SELECT ".length()) : expression;
            expression = expression.endsWith(",") ? expression.substring(0, expression.length() - 1) : expression;
            if (expression.contains(",") || (i == columns.size() - 1) == lines[i].trim().endsWith(",")) {
                throw new IllegalStateException("expected one select expression a line: " + report.sql());
            }
            out.append(i == 0 ? "" : ", ").append(expression).append(" AS ").append(columns.get(i).name());
        }
        for (int i = columns.size(); i < lines.length; i++) {
            out.append('\n').append(lines[i]);
        }
        return out.toString();
    }

    /** {@code psql -c "\copy (SELECT ...) TO STDOUT WITH CSV HEADER" > file}, timed. */
    static Timed psqlCopy(PostgresServer postgres, String select, Path csv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-h", "127.0.0.1", "-p",
                String.valueOf(postgres.port()), "-U", PostgresServer.USER, "-d", PostgresServer.DATABASE,
                "-v", "ON_ERROR_STOP=1", "-c", "\\copy (" + select + ") TO STDOUT WITH CSV HEADER")
                .redirectOutput(csv.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", PostgresServer.PASSWORD);
        long started = System.nanoTime();
        Process psql = builder.start();
        if (!psql.waitFor(20, TimeUnit.MINUTES) || psql.exitValue() != 0) {
            psql.destroyForcibly();
            throw new IllegalStateException("psql \\copy failed");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Timed(count(postgres, select), seconds, Files.size(csv));
    }

    /** DuckDB reads the CSV and writes Parquet with ZSTD, timed (the connection opened beforehand). */
    static Timed duckDbToParquet(Path csv, Path parquet, long rows) throws SQLException, IOException {
        Properties offline = new Properties();
        offline.setProperty("autoinstall_known_extensions", "false");
        offline.setProperty("autoload_known_extensions", "false");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:", offline);
                Statement statement = duck.createStatement()) {
            long started = System.nanoTime();
            statement.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true)) TO '" + parquet
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            return new Timed(rows, (System.nanoTime() - started) / 1e9, Files.size(parquet));
        }
    }

    /** Rows of the SELECT, counted by the database (text fields may hold line breaks: lines are no count). */
    private static long count(PostgresServer postgres, String select) throws IOException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD); Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM (" + select + ") q")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
