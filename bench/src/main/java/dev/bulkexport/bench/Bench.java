package dev.bulkexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.propertydata.DemoDataGenerator;
import dev.bulkexport.propertydata.PropertyDataSchema;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The harness: generates units data at scale, starts the whole stack on loopback, and in one run
 * measures the raw baselines (psql \copy, DuckDB), our exports through the real pipeline, the worker's RSS,
 * API throughput with wrk and small-job latency, then prints one table (also written to a file). With
 * {@code --fan-out}, only the scaling of one fanned-out job over 1, 2 and 4 workers ({@link FanOutScaling}).
 */
public final class Bench {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        Path state = Files.createTempDirectory("bulk-export-bench");
        say("state in " + state + "; " + options);
        ExportStack.Ports ports = ExportStack.Ports.free();
        ResultTable table = new ResultTable();
        try {
            long loaded = load(state, ports, options, table);
            if (options.fanOut()) {
                Map<String, String> env = new HashMap<>(options.serviceEnv());
                env.putAll(FanOutScaling.serviceEnv(options));
                try (ExportStack stack = ExportStack.start(new ExportStack.Settings(state, ports, null, true, env),
                        Bench::say)) {
                    FanOutScaling.run(stack, options, table, FIRST_DAY);
                }
            } else {
                // The services and the scripted pipelines use an HTTPS S3Proxy (S3Tls) unless --s3-plain.
                try (S3Tls tls = options.s3Tls() ? S3Tls.start(state) : null) {
                    Map<String, String> env = new HashMap<>(options.serviceEnv());
                    List<String> jvmOptions = List.of();
                    if (tls != null) {
                        say("S3 over TLS: " + tls.endpoint() + " (the stack's plain-HTTP S3Proxy for one comparison row)");
                        env.put("S3_ENDPOINT", tls.endpoint());
                        jvmOptions = tls.jvmOptions();
                    }
                    try (ExportStack stack = ExportStack.start(new ExportStack.Settings(state, ports, null, true, env,
                            jvmOptions), Bench::say)) {
                        new BenchRun(stack, options, state, table, FIRST_DAY, tls).run(loaded);
                    }
                }
            }
        } finally {
            // The database, exported files and CSV baseline take up to 13 GB with --large.
            ExportStack.deleteAllButLogs(state);
            say("deleted the run's data; logs in " + state.resolve("logs"));
        }
        String report = "# Benchmark\n\n" + DateTimeFormatter.ISO_INSTANT.format(Instant.now())
                + ", " + Runtime.getRuntime().availableProcessors() + " cores; " + options + "\n\n" + table.markdown();
        System.out.println();
        System.out.println(report);
        Files.createDirectories(options.output().toAbsolutePath().getParent());
        Files.writeString(options.output(), report);
        say("written to " + options.output());
    }

    /** The data set, loaded (COPY) before the stack starts, as the large export test does. */
    private static long load(Path state, ExportStack.Ports ports, BenchOptions options, ResultTable table)
            throws Exception {
        long started = System.nanoTime();
        try (PostgresServer postgres = PostgresServer.start(state.resolve("postgres"), ports.postgres())) {
            PropertyDataSchema.migrate(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER,
                    PostgresServer.PASSWORD)) {
                long rows = new DemoDataGenerator(7, options.properties(), FIRST_DAY, options.days(),
                        options.unitsPerProperty()).load(connection);
                connection.createStatement().execute("VACUUM ANALYZE");
                double seconds = (System.nanoTime() - started) / 1e9;
                say(String.format("loaded %,d rows in %.1f s", rows, seconds));
                table.info("data set (DemoDataGenerator.load count)", String.format("%,d rows", rows),
                        String.format("loaded in %.0f s", seconds));
                return rows;
            }
        }
    }

    static List<Long> allProperties(BenchOptions options) {
        return LongStream.rangeClosed(1, options.properties()).boxed().toList();
    }

    static LocalDate lastDay(BenchOptions options) {
        return FIRST_DAY.plusDays(options.days() - 1);
    }

    static Duration between(JsonNode job, String from, String to) {
        return Duration.between(Instant.parse(job.get(from).asText()), Instant.parse(job.get(to).asText()));
    }

    static void say(String line) {
        System.out.println("[bench " + java.time.LocalTime.now(ZoneOffset.UTC).withNano(0) + "] " + line);
    }
}
