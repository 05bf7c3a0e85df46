package dev.bulkexport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (the Debian package) against one URL and reads its requests per second. */
final class Wrk {
    /** What one run measured. */
    record Result(double requestsPerSecond, long requests, long non2xx) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    private final int threads;
    private final int connections;
    private final int seconds;
    private final Path scratch;

    Wrk(int threads, int connections, int seconds, Path scratch) {
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
        this.scratch = scratch;
    }

    String describe() {
        return threads + " threads, " + connections + " connections, " + seconds + " s";
    }

    Result get(String url, String bearer) throws IOException, InterruptedException {
        return run(url, bearer, null);
    }

    /**
     * POSTs the same JSON body on every request (a Lua script sets method, body and content type), each with
     * an Idempotency-Key of its own that starts with {@code keyPrefix} (each wrk thread numbers its requests).
     */
    Result post(String url, String bearer, String json, String keyPrefix) throws IOException, InterruptedException {
        Path script = scratch.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '" + json + "'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "local threads = 0\n"
                + "function setup(thread) threads = threads + 1; thread:set(\"tid\", threads) end\n"
                + "local n = 0\n"
                + "function request() n = n + 1; wrk.headers[\"Idempotency-Key\"] = \"" + keyPrefix
                + "-\" .. tid .. \"-\" .. n; return wrk.format() end\n");
        return run(url, bearer, script);
    }

    private Result run(String url, String bearer, Path script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "10s"));
        if (bearer != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + bearer));
        }
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return new Result(Double.parseDouble(find(RPS, output, "0")), Long.parseLong(find(TOTAL, output, "0")),
                Long.parseLong(find(NON_2XX, output, "0")));
    }

    private static String find(Pattern pattern, String text, String otherwise) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : otherwise;
    }
}
