package dev.bulkexport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * CPU seconds (user + system, /proc/&lt;pid&gt;/stat) used so far by this JVM's descendant processes whose
 * command line matches: what the worker, S3Proxy and PostgreSQL each spend on an export, on 2 shared cores.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ProcessCpu() {
    }

    static double seconds(Predicate<String> commandLine) {
        return ProcessHandle.current().descendants()
                .filter(p -> commandLine.test(commandLine(p)))
                .mapToDouble(p -> seconds(p.pid())).sum();
    }

    /**
     * The process's command line from /proc: ProcessHandle.Info has none for a very long one (S3Proxy's
     * class path), so its CPU went uncounted.
     */
    static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }

    static double seconds(long pid) {
        return seconds(pid, false);
    }

    /** With {@code reapedChildren}, also what its ended children used (cutime, cstime). */
    static double seconds(long pid, boolean reapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12,
            // cutime (16) and cstime (17) 13 and 14.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                    + (reapedChildren ? Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : 0);
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }

    /** CPU seconds of the parts of the stack, read before and after something. */
    record Split(java.util.Map<String, Double> parts) {
        static Split now(Path state) {
            java.util.Map<String, Double> parts = new java.util.LinkedHashMap<>();
            parts.put("worker", seconds(c -> c.contains("export-worker")));
            parts.put("api", seconds(c -> c.contains("api-service")));
            parts.put("notifier", seconds(c -> c.contains("notifier-service")));
            parts.put("S3Proxy", seconds(c -> c.contains("s3proxy")));
            parts.put("PostgreSQL", postgres(state));
            parts.put("bench JVM (Kafka)", seconds(ProcessHandle.current().pid()));
            return new Split(parts);
        }

        /**
         * The embedded server is not our child (it is started through unshare): its postmaster, with what its
         * ended backends used (psql's, pgbench's), and its running backends.
         */
        private static double postgres(Path state) {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("bin/postgres -D " + state))
                    .mapToDouble(p -> seconds(p.pid(), true) + p.descendants().mapToDouble(d -> seconds(d.pid())).sum())
                    .sum();
        }

        double of(String part) {
            return parts.get(part);
        }

        Split since(Split before) {
            java.util.Map<String, Double> diff = new java.util.LinkedHashMap<>();
            this.parts.forEach((part, value) -> diff.put(part, value - before.parts.get(part)));
            return new Split(diff);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("CPU s:");
            parts.forEach((part, value) -> {
                if (value >= 0.05) {
                    out.append(String.format(" %s %.1f", part, value));
                }
            });
            return out.toString();
        }
    }
}
