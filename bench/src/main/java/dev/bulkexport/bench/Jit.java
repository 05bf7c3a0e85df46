package dev.bulkexport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Whether a service's JIT compilers have work queued, read with {@code jcmd <pid> Compiler.queue}. */
final class Jit {
    private Jit() {
    }

    /** Waits until no method is being compiled or queued (at most {@code limit}); says how long it waited. */
    static String awaitQuiet(long pid, Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!quiet(pid)) {
            if (System.nanoTime() > deadline) {
                return "the worker's JIT still had methods queued " + limit.toSeconds() + " s after the warm-up exports";
            }
            Thread.sleep(500);
        }
        return String.format("the worker's JIT queues were empty %.1f s after the warm-up exports (2 per format on a"
                + " tenth of the properties)", (System.nanoTime() - start) / 1e9);
    }

    private static boolean quiet(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "Compiler.queue").redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " Compiler.queue failed: " + output);
        }
        // "Current compiles:" lists what the compiler threads are on; each queue prints "Empty" when it is.
        String current = output.substring(output.indexOf("Current compiles:") + "Current compiles:".length(),
                output.indexOf("C1 compile queue:")).trim();
        return current.isEmpty() && output.split("Empty", -1).length - 1 == 2;
    }
}
