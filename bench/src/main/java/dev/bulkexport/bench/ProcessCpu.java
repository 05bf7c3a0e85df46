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
                .filter(p -> commandLine.test(p.info().commandLine().orElse("")))
                .mapToDouble(p -> seconds(p.pid())).sum();
    }

    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }

    /** CPU seconds of the parts of the stack, read before and after something. */
    record Split(double worker, double s3proxy, double postgres) {
        static Split now(Path state) {
            return new Split(seconds(c -> c.contains("export-worker")), seconds(c -> c.contains("s3proxy")),
                    postgres(state));
        }

        /** The embedded server is not our child (it is started through unshare): its postmaster and backends. */
        private static double postgres(Path state) {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("bin/postgres -D " + state))
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .mapToDouble(p -> seconds(p.pid())).sum();
        }

        Split since(Split before) {
            return new Split(worker - before.worker, s3proxy - before.s3proxy, postgres - before.postgres);
        }

        @Override
        public String toString() {
            return String.format("CPU: worker %.1f s, S3Proxy %.1f s, PostgreSQL %.1f s", worker, s3proxy, postgres);
        }
    }
}
