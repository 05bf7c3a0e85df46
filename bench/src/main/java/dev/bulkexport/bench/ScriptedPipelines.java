package dev.bulkexport.bench;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The pipelines a user scripts without us, on the same database and S3 store: psql's {@code \copy} of the
 * units SELECT streamed through gzip or zstd (each at its default level, as a user types it) into
 * {@code aws s3 cp -}, JSONL made by PostgreSQL ({@code row_to_json}) the same way, and Parquet as COPY to a
 * file, DuckDB to Parquet ZSTD, then {@code aws s3 cp}. Each is timed end to end, upload included; then
 * (untimed) its object is downloaded and read by DuckDB: its row count and column names must be the SELECT's
 * (our files' names).
 */
final class ScriptedPipelines {
    /** The default levels of the gzip and zstd commands (the worker's are in Compressors). */
    static final int GZIP_LEVEL = 6;
    static final int ZSTD_LEVEL = 3;

    /** One timed pipeline: its rows, wall seconds, the object's bytes, and the CPU its own processes used. */
    record Result(String name, long rows, double seconds, long bytes, double pipelineCpu, String parts,
            ProcessCpu.Split stackCpu) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final ExportStack stack;
    private final Path state;
    private final Path dir;
    private final String select;
    private final long rows;
    private final List<String> columns;
    private final String endpoint;
    private final Path caBundle;
    private final String prefix;

    /**
     * Pipelines uploading to {@code endpoint} (the stack's S3Proxy, or its HTTPS twin trusted through
     * {@code caBundle}, else null), under keys starting with {@code prefix}.
     */
    ScriptedPipelines(ExportStack stack, Path state, String select, long rows, List<String> columns, String endpoint,
            Path caBundle, String prefix) throws IOException {
        this.stack = stack;
        this.state = state;
        this.dir = Files.createDirectories(state.resolve("scripted"));
        this.select = select;
        this.rows = rows;
        this.columns = columns;
        this.endpoint = endpoint;
        this.caBundle = caBundle;
        this.prefix = prefix;
    }

    /** {@code \copy (units SELECT) TO STDOUT WITH CSV HEADER | [gzip|zstd] | aws s3 cp - s3://…}. */
    Result csv(String compression) throws Exception {
        String key = "units.csv" + extension(compression);
        return streamed("csv" + suffix(compression), "\\copy (" + select + ") TO STDOUT WITH CSV HEADER",
                compression, key);
    }

    /**
     * {@code \copy (SELECT row_to_json(t) FROM (units SELECT) t) TO STDOUT} in CSV with a quote and delimiter
     * that JSON text never holds raw: the lines are the JSON as PostgreSQL wrote it (the text format would
     * double its backslashes).
     */
    Result jsonl(String compression) throws Exception {
        String key = "units.jsonl" + extension(compression);
        return streamed("jsonl" + suffix(compression), "\\copy (SELECT row_to_json(t) FROM (" + select
                + ") t) TO STDOUT WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')", compression, key);
    }

    /** COPY to a CSV file, DuckDB to Parquet ZSTD (as {@link Baselines}), then {@code aws s3 cp} of the file. */
    Result parquet() throws Exception {
        Path csv = dir.resolve("units.csv");
        Path parquet = dir.resolve("units.parquet");
        String key = "units.parquet";
        ProcessCpu.Split before = ProcessCpu.Split.now(state);
        long started = System.nanoTime();
        double copyCpu = shell("psql " + psqlArguments() + " -c \"$PSQL_COMMAND\" > \"$CSV_FILE\"",
                Map.of("PSQL_COMMAND", "\\copy (" + select + ") TO STDOUT WITH CSV HEADER", "CSV_FILE", csv.toString()));
        double copied = (System.nanoTime() - started) / 1e9;
        Baselines.Timed duck = Baselines.duckDbToParquet(csv, parquet, rows);
        long uploadStarted = System.nanoTime();
        double uploadCpu = shell(aws() + " s3 cp --quiet \"$PARQUET_FILE\" \"$S3_URL\"",
                Map.of("PARQUET_FILE", parquet.toString(), "S3_URL", url(key)));
        double uploaded = (System.nanoTime() - uploadStarted) / 1e9;
        double seconds = (System.nanoTime() - started) / 1e9;
        ProcessCpu.Split stackCpu = ProcessCpu.Split.now(state).since(before);
        Files.delete(csv);
        Files.delete(parquet);
        return checked(new Result("parquet", rows, seconds, 0, copyCpu + uploadCpu,
                String.format("COPY %.2f s + DuckDB %.2f s + upload %.2f s", copied, duck.seconds(), uploaded),
                stackCpu), key);
    }

    /** The commands as a user writes them, for the table's notes. */
    static List<String> described() {
        String psql = "psql -c \"\\copy (units SELECT) TO STDOUT WITH CSV HEADER\"";
        String json = "psql -c \"\\copy (SELECT row_to_json(t) FROM (units SELECT) t) TO STDOUT WITH (FORMAT csv,"
                + " QUOTE e'\\x01', DELIMITER e'\\x02')\"";
        String upload = "aws s3 cp - s3://bucket/key";
        return List.of(psql + " | [gzip -" + GZIP_LEVEL + " | zstd -" + ZSTD_LEVEL + " |] " + upload,
                json + " | [gzip -" + GZIP_LEVEL + " | zstd -" + ZSTD_LEVEL + " |] " + upload,
                "psql -c \"\\copy (units SELECT) TO STDOUT WITH CSV HEADER\" > units.csv; DuckDB (JDBC, as the"
                        + " baseline) COPY (FROM read_csv('units.csv')) TO 'units.parquet' (FORMAT parquet,"
                        + " COMPRESSION zstd); aws s3 cp units.parquet s3://bucket/key");
    }

    private Result streamed(String name, String psqlCommand, String compression, String key) throws Exception {
        String compress = switch (compression == null ? "none" : compression) {
            case "none" -> "";
            case "gzip" -> " | gzip -" + GZIP_LEVEL;
            case "zstd" -> " | zstd -q -" + ZSTD_LEVEL;
            default -> throw new IllegalArgumentException("no such compression: " + compression);
        };
        String script = "psql " + psqlArguments() + " -c \"$PSQL_COMMAND\"" + compress + " | " + aws()
                + " s3 cp --quiet - \"$S3_URL\"";
        ProcessCpu.Split before = ProcessCpu.Split.now(state);
        long started = System.nanoTime();
        double cpu = shell(script, Map.of("PSQL_COMMAND", psqlCommand, "S3_URL", url(key)));
        double seconds = (System.nanoTime() - started) / 1e9;
        ProcessCpu.Split stackCpu = ProcessCpu.Split.now(state).since(before);
        return checked(new Result(name, rows, seconds, 0, cpu, "", stackCpu), key);
    }

    /**
     * Downloads the object and has DuckDB read it: its rows and column names must be the SELECT's. Then deletes
     * it (and the download).
     */
    private Result checked(Result result, String key) throws Exception {
        Path local = dir.resolve(key);
        shell(aws() + " s3 cp --quiet \"$S3_URL\" \"$LOCAL_FILE\"", Map.of("S3_URL", url(key),
                "LOCAL_FILE", local.toString()));
        long bytes = Files.size(local);
        String read = key.contains(".parquet") ? "read_parquet('" + local + "')"
                : key.contains(".jsonl") ? "read_json('" + local + "', format = 'newline_delimited')"
                : "read_csv('" + local + "', header = true)";
        Properties offline = new Properties();
        offline.setProperty("autoinstall_known_extensions", "false");
        offline.setProperty("autoload_known_extensions", "false");
        long counted;
        List<String> names = new java.util.ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:", offline);
                Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + read + " LIMIT 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i));
            }
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + read)) {
                count.next();
                counted = count.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot read " + key + " of the scripted " + result.name(), e);
        } finally {
            Files.delete(local);
            // With --large the JSONL object alone is about 5 GB: the store keeps none of them.
            shell(aws() + " s3 rm --quiet \"$S3_URL\"", Map.of("S3_URL", url(key)));
        }
        if (counted != rows || !names.equals(columns)) {
            throw new IllegalStateException(String.format("scripted %s uploaded %,d rows of %s, expected %,d of %s",
                    result.name(), counted, names, rows, columns));
        }
        return new Result(result.name(), counted, result.seconds(), bytes, result.pipelineCpu(), result.parts(),
                result.stackCpu());
    }

    /**
     * Runs a bash script (pipefail) and returns the CPU seconds its processes used (bash's {@code times}: the
     * children it reaped).
     */
    private double shell(String script, Map<String, String> variables) throws IOException, InterruptedException {
        Path times = Files.createTempFile(dir, "times", ".txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + script
                + "\ntimes > \"$TIMES_FILE\"")
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.putAll(environment());
        env.putAll(variables);
        env.put("TIMES_FILE", times.toString());
        Process bash = builder.start();
        if (!bash.waitFor(30, TimeUnit.MINUTES) || bash.exitValue() != 0) {
            bash.destroyForcibly();
            throw new IllegalStateException("scripted pipeline failed: " + script);
        }
        List<String> lines = Files.readAllLines(times);
        Files.delete(times);
        // "0m0.001s 0m0.002s" (the shell), then the same for its children
        double cpu = 0;
        for (String field : lines.get(1).trim().split("\\s+")) {
            int m = field.indexOf('m');
            cpu += Integer.parseInt(field.substring(0, m)) * 60 + Double.parseDouble(field.substring(m + 1,
                    field.length() - 1));
        }
        return cpu;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PGPASSWORD", PostgresServer.PASSWORD);
        env.put("AWS_ACCESS_KEY_ID", ExportStack.S3_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", ExportStack.S3_SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        if (caBundle != null) {
            env.put("AWS_CA_BUNDLE", caBundle.toString());
        }
        return env;
    }

    private String psqlArguments() {
        PostgresServer postgres = stack.postgres();
        return "-X -q -h 127.0.0.1 -p " + postgres.port() + " -U " + PostgresServer.USER + " -d "
                + PostgresServer.DATABASE + " -v ON_ERROR_STOP=1";
    }

    private String aws() {
        return "aws --endpoint-url " + endpoint;
    }

    private String url(String key) {
        return "s3://" + ExportStack.BUCKET + "/" + prefix + key;
    }

    private static String extension(String compression) {
        return compression == null ? "" : compression.equals("gzip") ? ".gz" : ".zst";
    }

    private static String suffix(String compression) {
        return compression == null ? "" : "+" + compression;
    }
}
