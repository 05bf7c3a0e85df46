package dev.bulkexport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording of one service process for one phase ({@code --profile}), started and dumped through
 * {@code jcmd}; the file stays with the run's logs ({@code jfr print --events jdk.ExecutionSample}).
 */
final class Jfr implements AutoCloseable {
    private final long pid;
    private final String name;
    private final Path file;

    private Jfr(long pid, String name, Path file) {
        this.pid = pid;
        this.name = name;
        this.file = file;
    }

    /** Starts recording with the JDK's "profile" settings (execution samples every 10 ms); null when disabled. */
    static Jfr start(boolean enabled, long pid, String name, Path directory) {
        if (!enabled) {
            return null;
        }
        Path file = directory.resolve(name + ".jfr");
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file);
        return new Jfr(pid, name, file);
    }

    @Override
    public void close() {
        jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file);
        Bench.say("JFR recording of process " + pid + " written to " + file);
    }

    private static void jcmd(long pid, String... arguments) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("jcmd", String.valueOf(pid)));
            command.addAll(List.of(arguments));
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
