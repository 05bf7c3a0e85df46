package dev.bulkexport.bench;

import java.nio.file.Path;

/**
 * The harness's options. The default data set is about 2.2M unit-day rows (240 properties × 30 tracked
 * units × 365 days, less the days the generator leaves out); {@code --large} (1,100 properties) is about 10M.
 * {@code --profile} records the worker (large JSONL and Parquet exports) and the api (POST phase, a GET pass) with JFR;
 * The services and the scripted pipelines reach S3 over HTTPS ({@link S3Tls}) unless {@code --s3-plain};
 * {@code --api-only} measures the API rows alone (small jobs, wrk and pgbench) after one CSV export, the job wrk reads.
 */
record BenchOptions(int properties, int unitsPerProperty, int days, int smallJobs, int wrkSeconds,
        int wrkConnections, Path output, java.util.Map<String, String> serviceEnv, boolean fanOut, boolean profile,
        boolean s3Tls, boolean apiOnly) {

    static BenchOptions parse(String[] args) {
        int properties = 240;
        int units = 30;
        int days = 365;
        int smallJobs = 200;
        int wrkSeconds = 10;
        int wrkConnections = 16;
        Path output = Path.of("bench/results/latest.md");
        java.util.Map<String, String> serviceEnv = new java.util.TreeMap<>();
        boolean fanOut = false;
        boolean profile = false;
        boolean s3Tls = true; // S3 as AWS speaks it; --s3-plain for plain HTTP
        boolean apiOnly = false;
        // wrk's POST pass creates thousands of jobs in seconds: the fairness cap would answer them 429
        serviceEnv.put("MAX_UNFINISHED_JOBS_PER_ACCOUNT", "1000000");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--large" -> properties = 1100;
                case "--fan-out" -> fanOut = true;
                case "--profile" -> profile = true;
                case "--s3-tls" -> s3Tls = true;
                case "--s3-plain" -> s3Tls = false;
                case "--api-only" -> apiOnly = true;
                case "--properties" -> properties = Integer.parseInt(args[++i]);
                case "--units-per-property" -> units = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--small-jobs" -> smallJobs = Integer.parseInt(args[++i]);
                case "--wrk-seconds" -> wrkSeconds = Integer.parseInt(args[++i]);
                case "--wrk-connections" -> wrkConnections = Integer.parseInt(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                case "--service-env" -> {
                    String[] pair = args[++i].split("=", 2);
                    serviceEnv.put(pair[0], pair[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --large --fan-out --profile --s3-tls --s3-plain --api-only"
                        + " --properties N --units-per-property N --days N --small-jobs N --wrk-seconds N"
                        + " --wrk-connections N --output FILE --service-env NAME=VALUE (every service, e.g."
                        + " EXPORT_FROM_COPY=false)");
            }
        }
        return new BenchOptions(properties, units, days, smallJobs, wrkSeconds, wrkConnections, output,
                java.util.Map.copyOf(serviceEnv), fanOut, profile, s3Tls, apiOnly);
    }

    @Override
    public String toString() {
        return properties + " properties × " + unitsPerProperty + " units × " + days + " days, " + smallJobs
                + " small jobs, wrk " + wrkConnections + " connections × " + wrkSeconds + " s"
                + (serviceEnv.isEmpty() ? "" : ", service env " + serviceEnv) + (fanOut ? ", fan-out scaling only" : "")
                + (profile ? ", JFR on the worker (each format) and the api (POST, a GET pass)" : "")
                + (s3Tls ? ", S3 over TLS" : ", S3 over plain HTTP") + (apiOnly ? ", API rows only" : "");
    }
}
