package dev.bulkexport.bench;

import dev.bulkexport.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's {@code pgbench} with a custom script (prepared statements, as the api's reactive client
 * sends them) against the stack's PostgreSQL: what the SQL of one API call costs the database alone, on the
 * same connections and for the same time as the wrk run it anchors.
 */
final class Pgbench {
    /** What one run measured: transactions (script runs) per second and how many ran. */
    record Result(double transactionsPerSecond, long transactions, long failed) {
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private final PostgresServer postgres;
    private final int connections;
    private final int seconds;
    private final Path scratch;

    Pgbench(PostgresServer postgres, int connections, int seconds, Path scratch) {
        this.postgres = postgres;
        this.connections = connections;
        this.seconds = seconds;
        this.scratch = scratch;
    }

    String describe() {
        return "pgbench -M prepared -c " + connections + " -j 2 -T " + seconds;
    }

    /** Runs the script; {@code variables} are passed with {@code -D} (strings, sent as statement parameters). */
    Result run(String name, String script, Map<String, String> variables) throws IOException, InterruptedException {
        Path file = scratch.resolve(name + ".pgbench.sql");
        Files.writeString(file, script);
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-f", file.toString(),
                "-c", String.valueOf(connections), "-j", "2", "-T", String.valueOf(seconds), "-h", "127.0.0.1",
                "-p", String.valueOf(postgres.port()), "-U", PostgresServer.USER));
        variables.forEach((key, value) -> command.addAll(List.of("-D", key + "=" + value)));
        command.add(PostgresServer.DATABASE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", PostgresServer.PASSWORD);
        Process pgbench = builder.start();
        String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!pgbench.waitFor(seconds + 60L, TimeUnit.SECONDS) || pgbench.exitValue() != 0) {
            throw new IllegalStateException("pgbench " + name + " failed:\n" + output);
        }
        Files.writeString(scratch.resolve(name + ".pgbench.out"), output);
        return new Result(Double.parseDouble(find(TPS, output, "0")), Long.parseLong(find(PROCESSED, output, "0")),
                Long.parseLong(find(FAILED, output, "0")));
    }

    private static String find(Pattern pattern, String text, String otherwise) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : otherwise;
    }
}
