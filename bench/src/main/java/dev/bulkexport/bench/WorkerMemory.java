package dev.bulkexport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The export worker process's memory from /proc: VmHWM (peak RSS since it started) and, for one export at a
 * time, the highest VmRSS sampled every 50 ms while it runs.
 */
final class WorkerMemory {
    private final long pid;

    private WorkerMemory(long pid) {
        this.pid = pid;
    }

    /** Finds the export worker among this JVM's child processes (the stack starts it). */
    static WorkerMemory ofChildWorker() {
        long pid = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("export-worker"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no export-worker child process"))
                .pid();
        return new WorkerMemory(pid);
    }

    long pid() {
        return pid;
    }

    /** Peak RSS since the process started, in KiB. */
    long peakKib() {
        return field("VmHWM:");
    }

    /** Samples VmRSS until closed; {@link Sampling#maxKib()} is the highest value seen. */
    Sampling sample() {
        return new Sampling();
    }

    final class Sampling implements AutoCloseable {
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "worker-rss-sampler");

        private Sampling() {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                max.accumulateAndGet(field("VmRSS:"), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long maxKib() {
            return max.get();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            max.accumulateAndGet(field("VmRSS:"), Math::max);
        }
    }

    private long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                }
            }
            throw new IllegalStateException(name + " missing for process " + pid);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
