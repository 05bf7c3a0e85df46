package dev.bulkexport.bench;

import static dev.bulkexport.bench.Bench.say;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.testsupport.ExportStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run against a started stack, in an order where no phase loads the next one. Each timed side of a
 * ratio (the baselines, the scripted pipelines, our exports) runs {@link #TIMES} times and the fastest counts:
 * on a shared machine a neighbour only ever slows a run down, and one slow minute moved a single measurement by
 * 20–40%. {@code \copy}, the side most ratios divide by, runs once more after the exports, minutes later.
 */
final class BenchRun {
    static final int TIMES = 2;
    private static final List<String> FORMATS = List.of("csv", "jsonl", "parquet");
    private static final List<String> COMPRESSIONS = List.of("gzip", "zstd");

    private final ExportStack stack;
    private final BenchOptions options;
    private final Path state;
    private final ResultTable table;
    private final LocalDate firstDay;
    private final BenchApi api;
    private final S3Tls tls;

    BenchRun(ExportStack stack, BenchOptions options, Path state, ResultTable table, LocalDate firstDay, S3Tls tls) {
        this.stack = stack;
        this.options = options;
        this.state = state;
        this.table = table;
        this.firstDay = firstDay;
        this.api = new BenchApi(stack.apiBaseUrl());
        this.tls = tls;
    }

    void run(long loadedRows) throws Exception {
        String key = api.createBenchKey(stack);
        List<Long> properties = Bench.allProperties(options);
        LocalDate lastDay = Bench.lastDay(options);
        WorkerMemory worker = WorkerMemory.ofChildWorker();
        if (options.apiOnly()) {
            // The job wrk reads: the CSV export of every property, as in the full run.
            Export csv = export("csv", properties, lastDay, worker);
            smallJobs(properties);
            throughput(key, csv.jobId());
            table.note("--api-only: the API rows alone (small jobs, wrk and pgbench), no export figures");
            return;
        }

        // Baselines first: the measured \copy follows an unmeasured one, so both sides read a warm cache.
        String select = Baselines.unitsSelect(properties, firstDay, lastDay);
        Path csv = state.resolve("baseline.csv");
        say("baseline: psql \\copy (warm-up, then measured " + TIMES + " times, and once more after the exports)");
        Baselines.psqlCopy(stack.postgres(), select, csv);
        Measurement<CopyRun> copyRun = () -> {
            ProcessCpu.Split before = ProcessCpu.Split.now(state);
            Baselines.Timed timed = Baselines.psqlCopy(stack.postgres(), select, csv);
            say(String.format("psql \\copy: %,d rows in %.2f s", timed.rows(), timed.seconds()));
            return new CopyRun(timed, ProcessCpu.Split.now(state).since(before));
        };
        List<CopyRun> copies = new java.util.ArrayList<>(runs(copyRun));
        long rows = copies.get(0).timed().rows();
        Baselines.Timed duck = fastest(() -> Baselines.duckDbToParquet(csv, state.resolve("baseline.parquet"),
                rows), Baselines.Timed::seconds);
        say(String.format("DuckDB CSV → Parquet ZSTD: %.2f s", duck.seconds()));
        Map<String, ScriptedPipelines.Result> scripted = scriptedPipelines(select, rows);

        // Two warm-up exports per format on a tenth of the properties, then until the worker's JIT queues are
        // empty: the large ones measure a warm worker (the TLS record cipher and SHA-256 run as Java code until
        // C2 compiles their callers, which on 2 busy cores lags the first exports), and the worker's RSS at this
        // size shows whether memory stays flat with size.
        List<Long> tenth = properties.subList(0, Math.max(1, properties.size() / 10));
        Map<String, Long> smallRss = new LinkedHashMap<>();
        Map<String, Long> smallRows = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            for (String format : FORMATS) {
                Export export = export(format, tenth, lastDay, worker);
                smallRss.put(format, export.rssKib());
                smallRows.put(format, export.rows());
            }
        }
        table.note(Jit.awaitQuiet(worker.pid(), java.time.Duration.ofSeconds(60)));
        table.note("each export, DuckDB's conversion and scripted pipeline ran " + TIMES + " times; the fastest"
                + " counts (its CPU with it), the worker's RSS is the highest of them");
        Map<String, Export> large = new LinkedHashMap<>();
        for (String format : FORMATS) {
            try (Jfr recording = Jfr.start(options.profile(), worker.pid(),
                    "worker-" + format, state.resolve("logs"))) {
                large.put(format, fastestExport(format, null, properties, lastDay, worker));
            }
        }
        Map<String, Export> compressed = new LinkedHashMap<>();
        for (String format : List.of("csv", "jsonl")) {
            for (String compression : COMPRESSIONS) {
                compressed.put(format + "." + compression,
                        fastestExport(format, compression, properties, lastDay, worker));
            }
        }

        // \copy once more, minutes later: a slow minute at the start must not flatter every ratio against it.
        copies.add(copyRun.run());
        CopyRun fastestCopy = fastestOf(copies, run -> run.timed().seconds());
        Baselines.Timed copy = fastestCopy.timed();
        ProcessCpu.Split copyCpu = fastestCopy.cpu();
        double copyPlusDuck = copy.seconds() + duck.seconds();
        table.note("`\\copy` ran " + copies.size() + " times, " + TIMES + " before the exports and once after them: "
                + copies.stream().map(run -> String.format("%.2f s", run.timed().seconds())).toList()
                + "; the fastest counts");
        table.info("psql `\\copy (units SELECT) TO STDOUT WITH CSV`", rowsAndTime(copy.rows(), copy.seconds()),
                String.format("%.0f rows/s, %s; PostgreSQL CPU %.1f s",
                        copy.rowsPerSecond(), mib(copy.bytes()), copyCpu.of("PostgreSQL")));
        Export csvJob = large.get("csv");
        double shardCost = csvJob.cpu().of("PostgreSQL") / copyCpu.of("PostgreSQL");
        table.atMost("PostgreSQL CPU of the units CSV export (all its shards) vs one `\\copy` of the same SELECT",
                String.format("%d shards: %.1f CPU s", ApiSql.shardCount(stack.postgres(), csvJob.jobId()),
                        csvJob.cpu().of("PostgreSQL")),
                String.format("`\\copy`: %.1f CPU s", copyCpu.of("PostgreSQL")), shardCost, 1.0, "");
        table.info("DuckDB CSV → Parquet ZSTD", String.format("%.2f s", duck.seconds()),
                String.format("COPY + DuckDB %.2f s, %s", copyPlusDuck, mib(duck.bytes())));
        for (String format : FORMATS) {
            Export e = large.get(format);
            String ours = rowsAndTime(e.rows(), e.seconds()) + String.format(", %.0f rows/s (worker %.2f s), %s",
                    e.rows() / e.seconds(), e.workerSeconds(), mib(e.bytes())) + "; " + e.cpu();
            switch (format) {
                case "csv" -> table.atLeast("units CSV export rows/s vs COPY of the same SELECT", ours,
                        String.format("COPY %.0f rows/s", copy.rowsPerSecond()),
                        e.rows() / e.seconds() / copy.rowsPerSecond(), 0.9);
                case "jsonl" -> table.atLeast("units JSONL export rows/s vs COPY", ours,
                        String.format("COPY %.0f rows/s", copy.rowsPerSecond()),
                        e.rows() / e.seconds() / copy.rowsPerSecond(), 0.6);
                default -> table.atMost("units Parquet export, job time vs COPY + DuckDB", ours,
                        String.format("%.2f s", copyPlusDuck), e.seconds() / copyPlusDuck, 0.8, "");
            }
        }
        // Compressed exports against the extraction limit, with their rows/s and bytes against the plain one.
        for (Map.Entry<String, Export> entry : compressed.entrySet()) {
            String format = entry.getKey().substring(0, entry.getKey().indexOf('.'));
            String compression = entry.getKey().substring(entry.getKey().indexOf('.') + 1);
            Export plain = large.get(format);
            Export e = entry.getValue();
            table.atLeast("units " + format.toUpperCase(java.util.Locale.ROOT) + " + " + compression
                            + " export rows/s vs COPY",
                    rowsAndTime(e.rows(), e.seconds()) + String.format(", %.0f rows/s (worker %.2f s), %s; rows/s ×%.2f,"
                                    + " bytes ×%.3f of plain; RSS %.0f MiB", e.rows() / e.seconds(), e.workerSeconds(),
                            mib(e.bytes()), (e.rows() / e.seconds()) / (plain.rows() / plain.seconds()),
                            (double) e.bytes() / plain.bytes(), e.rssKib() / 1024.0) + "; " + e.cpu(),
                    String.format("COPY %.0f rows/s", copy.rowsPerSecond()),
                    e.rows() / e.seconds() / copy.rowsPerSecond(), 0.9);
        }
        scriptedRows(scripted, large, compressed);
        for (String format : FORMATS) {
            table.atMost("worker peak RSS, " + format + " export of " + String.format("%,d", large.get(format).rows())
                            + " rows (VmRSS sampled)", String.format("%.0f MiB", large.get(format).rssKib() / 1024.0),
                    String.format("%,d rows: %.0f MiB", smallRows.get(format), smallRss.get(format) / 1024.0),
                    large.get(format).rssKib() / 1024.0, 512, "MiB");
        }
        for (Map.Entry<String, Export> entry : compressed.entrySet()) {
            Export e = entry.getValue();
            table.atMost("worker peak RSS, " + entry.getKey().replace('.', '+') + " export of "
                            + String.format("%,d", e.rows()) + " rows (VmRSS sampled)",
                    String.format("%.0f MiB", e.rssKib() / 1024.0), "", e.rssKib() / 1024.0, 512, "MiB");
        }
        table.atMost("worker VmHWM after all exports (since start)",
                String.format("%.0f MiB", worker.peakKib() / 1024.0), "", worker.peakKib() / 1024.0, 512, "MiB");

        smallJobs(properties);
        throughput(key, large.get("csv").jobId());
        if (large.get("csv").rows() < 9_000_000) {
            // The 10M-row rows of the memory table take their own runs (about 20 and 15 minutes here).
            table.elsewhere("one 10M-row job, 4 workers vs 1, each shard capped at a fixed rows/s",
                    "`bench/run.sh --large --fan-out` (bench/results/fan-out.md)", "≥ 3.20×");
            table.elsewhere("worker RSS, 10M rows, every format, with and without compression",
                    "`bench/run.sh --large` (bench/results/large-10m.md)", "≤ 512 MiB");
        }
        table.note("the worker runs with -Xmx256m (ExportStack); RSS read from /proc/" + worker.pid() + "/status");
        table.note("submit → succeeded is measured by the client polling GET every 200 ms (large) / 20 ms (small)");
    }

    /**
     * The pipelines a user scripts without us, each uploading to the same S3 store (ScriptedPipelines), run
     * once each after the baselines' warm-up: keyed as our exports ("csv", "csv.gzip", …, "parquet").
     */
    private Map<String, ScriptedPipelines.Result> scriptedPipelines(String select, long rows) throws Exception {
        List<String> columns = dev.bulkexport.common.report.Reports.UNITS.columns().stream()
                .map(dev.bulkexport.common.report.ReportColumn::name).toList();
        ScriptedPipelines pipelines = new ScriptedPipelines(stack, state, select, rows, columns,
                tls == null ? stack.s3Endpoint() : tls.endpoint(), tls == null ? null : tls.certificate(), "scripted/");
        Map<String, ScriptedPipelines.Result> results = new LinkedHashMap<>();
        for (String format : List.of("csv", "jsonl")) {
            for (String compression : java.util.Arrays.asList(null, "gzip", "zstd")) {
                ScriptedPipelines.Result result = fastest(() -> format.equals("csv") ? pipelines.csv(compression)
                        : pipelines.jsonl(compression), ScriptedPipelines.Result::seconds);
                results.put(compression == null ? format : format + "." + compression, result);
            }
        }
        results.put("parquet", fastest(pipelines::parquet, ScriptedPipelines.Result::seconds));
        if (tls != null) {
            // The one plain-HTTP row: the CSV pipeline to the stack's S3Proxy, the same bucket.
            results.put("csv over plain HTTP", new ScriptedPipelines(stack, state, select, rows, columns,
                    stack.s3Endpoint(), null, "scripted-http/").csv(null));
        }
        results.forEach((name, r) -> say(String.format("scripted %s: %,d rows in %.2f s, %s uploaded and read back;"
                + " pipeline CPU %.1f s%s; %s", name, r.rows(), r.seconds(), mib(r.bytes()), r.pipelineCpu(),
                r.parts().isEmpty() ? "" : " (" + r.parts() + ")", r.stackCpu())));
        return results;
    }

    /** Our exports beside the scripted pipelines: ours rows/s ÷ theirs, at least 1.0× (Parquet 1.3×). */
    private void scriptedRows(Map<String, ScriptedPipelines.Result> scripted, Map<String, Export> large,
            Map<String, Export> compressed) {
        String over = tls == null ? "" : " over HTTPS";
        ScriptedPipelines.Result plain = scripted.remove("csv over plain HTTP");
        for (Map.Entry<String, ScriptedPipelines.Result> entry : scripted.entrySet()) {
            Export ours = large.containsKey(entry.getKey()) ? large.get(entry.getKey())
                    : compressed.get(entry.getKey());
            ScriptedPipelines.Result r = entry.getValue();
            String format = entry.getKey().split("\\.")[0];
            String label = (format.equals("parquet") ? "Parquet" : format.toUpperCase(java.util.Locale.ROOT))
                    + entry.getKey().substring(format.length())
                    .replace(".", " + ");
            boolean parquet = entry.getKey().equals("parquet");
            double ratio = (ours.rows() / ours.seconds()) / r.rowsPerSecond();
            String theirs = String.format("%,d rows in %.2f s, %.0f rows/s, %s; pipeline CPU %.1f s, PostgreSQL %.1f s,"
                            + " S3Proxy %.1f s", r.rows(), r.seconds(), r.rowsPerSecond(), mib(r.bytes()),
                    r.pipelineCpu(), r.stackCpu().of("PostgreSQL"), r.stackCpu().of("S3Proxy"))
                    + (parquet ? String.format(" (%s); job time ours ÷ theirs %.2f×", r.parts(),
                            ours.seconds() / r.seconds()) : "");
            table.atLeast("units " + label + " export rows/s vs the scripted pipeline to S3" + over, String.format(
                    "%,d rows in %.2f s, %.0f rows/s, %s", ours.rows(), ours.seconds(), ours.rows() / ours.seconds(),
                    mib(ours.bytes())), theirs, ratio, parquet ? 1.3 : 1.0);
        }
        if (plain != null) {
            ScriptedPipelines.Result https = scripted.get("csv");
            table.info("scripted CSV pipeline to S3 over plain HTTP (the stack's S3Proxy) vs over HTTPS",
                    String.format("%,d rows in %.2f s, %.0f rows/s; pipeline CPU %.1f s, S3Proxy %.1f s", plain.rows(),
                            plain.seconds(), plain.rowsPerSecond(), plain.pipelineCpu(), plain.stackCpu().of("S3Proxy")),
                    String.format("HTTPS %.0f rows/s (×%.2f of plain HTTP); pipeline CPU %.1f s, S3Proxy %.1f s",
                            https.rowsPerSecond(), https.rowsPerSecond() / plain.rowsPerSecond(), https.pipelineCpu(),
                            https.stackCpu().of("S3Proxy")));
            table.note(String.format("S3 over TLS: the services and the scripted pipelines reach S3 over HTTPS (a second"
                    + " S3Proxy on the same bucket directory, self-signed certificate; CPU so far %.1f s, the plain-HTTP"
                    + " one %.1f s); our exports over plain HTTP are the run with --s3-plain",
                    ProcessCpu.seconds(c -> c.contains("s3-tls")),
                    ProcessCpu.seconds(c -> c.contains("s3proxy") && !c.contains("s3-tls"))));
        }
        ScriptedPipelines.described().forEach(command -> table.note("scripted pipeline: `" + command + "`"));
        table.note("scripted pipelines: wall time from start to the upload's end; pipeline CPU is what psql, gzip/zstd"
                + " and aws used (bash `times`), DuckDB's runs in the bench JVM; each object is then downloaded and"
                + " read by DuckDB: its row count and column names must be the SELECT's (or the bench stops)");
    }

    private record Export(String jobId, long rows, double seconds, double workerSeconds, long bytes, long rssKib,
            ProcessCpu.Split cpu) {
    }

    /** A measurement that may be repeated, and may fail as the harness's steps do. */
    private interface Measurement<T> {
        T run() throws Exception;
    }

    /** One measured {@code \\copy} with the CPU each process spent on it. */
    private record CopyRun(Baselines.Timed timed, ProcessCpu.Split cpu) {
    }

    /** {@link #TIMES} runs of the measurement. */
    private static <T> List<T> runs(Measurement<T> measurement) throws Exception {
        List<T> runs = new java.util.ArrayList<>();
        for (int time = 0; time < TIMES; time++) {
            runs.add(measurement.run());
        }
        return runs;
    }

    /** The fastest of {@link #TIMES} runs. */
    private static <T> T fastest(Measurement<T> measurement, java.util.function.ToDoubleFunction<T> seconds)
            throws Exception {
        return fastestOf(runs(measurement), seconds);
    }

    private static <T> T fastestOf(List<T> runs, java.util.function.ToDoubleFunction<T> seconds) {
        return java.util.Collections.min(runs, java.util.Comparator.comparingDouble(seconds));
    }

    /** The fastest of {@link #TIMES} exports, with the highest worker RSS seen in any of them. */
    private Export fastestExport(String format, String compression, List<Long> properties, LocalDate lastDay,
            WorkerMemory worker) throws Exception {
        List<Export> runs = runs(() -> export(format, compression, properties, lastDay, worker));
        Export fastest = fastestOf(runs, Export::seconds);
        long rssKib = runs.stream().mapToLong(Export::rssKib).max().orElseThrow();
        return new Export(fastest.jobId(), fastest.rows(), fastest.seconds(), fastest.workerSeconds(),
                fastest.bytes(), rssKib, fastest.cpu());
    }

    private Export export(String format, List<Long> properties, LocalDate lastDay, WorkerMemory worker) {
        return export(format, null, properties, lastDay, worker);
    }

    private Export export(String format, String compression, List<Long> properties, LocalDate lastDay,
            WorkerMemory worker) {
        ProcessCpu.Split cpuBefore = ProcessCpu.Split.now(state);
        try (WorkerMemory.Sampling rss = worker.sample()) {
            long started = System.nanoTime();
            String jobId = api.submit("units", format, properties, firstDay, lastDay, null, compression);
            JsonNode job = api.awaitOutcome(jobId, Duration.ofMillis(200), Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!"succeeded".equals(job.get("status").asText())) {
                throw new IllegalStateException(format + " export ended " + job);
            }
            rss.close();
            Export export = new Export(jobId, job.at("/result/row_count").asLong(), seconds,
                    Bench.between(job, "started_at", "completed_at").toMillis() / 1e3,
                    job.at("/result/file_size_bytes").asLong(), rss.maxKib(), ProcessCpu.Split.now(state).since(cpuBefore));
            say(String.format("units %s, %d properties: %,d rows in %.2f s (worker %.2f s), %s, worker RSS ≤ %.0f MiB; %s",
                    compression == null ? format : format + "+" + compression, properties.size(), export.rows(), seconds, export.workerSeconds(), mib(export.bytes()),
                    export.rssKib() / 1024.0, export.cpu()));
            return export;
        }
    }

    private void smallJobs(List<Long> properties) throws Exception {
        say(options.smallJobs() + " small jobs (units CSV, 1 property × 30 days), one after another");
        SmallJobs.Latencies l = SmallJobs.run(api, options.smallJobs(), properties, firstDay);
        double median = SmallJobs.Latencies.percentile(l.toSucceeded(), 50);
        double p99 = SmallJobs.Latencies.percentile(l.toSucceeded(), 99);
        double webhookMedian = SmallJobs.Latencies.percentile(l.toWebhook(), 50);
        double webhookP99 = SmallJobs.Latencies.percentile(l.toWebhook(), 99);
        table.atMost("small job submit → succeeded, p50 (" + l.jobs() + " jobs)",
                String.format("%.0f ms", median), "", median, 150, "ms");
        table.atMost("small job submit → succeeded, p99 (" + l.jobs() + " jobs)",
                String.format("%.0f ms", p99), "", p99, 500, "ms");
        table.info("small job completed_at → webhook received, p50 (" + l.webhooks() + " webhooks)",
                String.format("%.0f ms (p99 %.0f ms)", webhookMedian, webhookP99), "");
    }

    private void throughput(String key, String jobId) throws Exception {
        Wrk wrk = new Wrk(2, options.wrkConnections(), options.wrkSeconds(), state);
        Pgbench pgbench = new Pgbench(stack.postgres(), options.wrkConnections(), options.wrkSeconds(),
                state.resolve("logs"));
        say("wrk: " + wrk.describe() + " per endpoint; " + pgbench.describe() + " of the same SQL");
        String base = stack.apiBaseUrl();
        String jobUrl = base + "/api/v1/bulk_api/jobs/" + jobId;
        // Unmeasured passes first, until one runs within 10% of the one before (at most 6): the figure is the
        // steady state, not JIT warm-up, which takes several passes when the cores are shared.
        int warmUps = warmUp(() -> wrk.get(jobUrl, key));
        ProcessCpu.Split before = ProcessCpu.Split.now(state);
        Wrk.Result get = wrk.get(jobUrl, key);
        ProcessCpu.Split afterGet = ProcessCpu.Split.now(state);
        if (options.profile()) {
            // A pass of its own: JFR's profile settings slow the GET path several times over.
            try (Jfr recording = Jfr.start(true, stack.pid(ExportStack.API), "api-get", state.resolve("logs"))) {
                wrk.get(jobUrl, key);
            }
        }
        ApiSql.Script getSql = ApiSql.getJob(stack.postgres(), jobId);
        Pgbench.Result getDb = pgbench.run("get-job", getSql.text(), getSql.variables());
        ProcessCpu.Split afterGetDb = ProcessCpu.Split.now(state);

        String body = "{\"report_type\":\"property\",\"output_format\":\"csv\",\"start_date\":\"" + firstDay
                + "\",\"end_date\":\"" + firstDay + "\",\"property_ids\":[1]}";
        String run = Long.toString(System.currentTimeMillis(), 36);
        // Only the create itself runs: the worker and notifier are stopped (SIGSTOP) for both POST phases.
        List<Long> paused = List.of(stack.pid(ExportStack.WORKER), stack.pid(ExportStack.NOTIFIER));
        signal("-STOP", paused);
        Wrk.Result post;
        Pgbench.Result postDb;
        Wrk.Result postAlone;
        Pgbench.Result postDbAlone;
        ProcessCpu.Split beforePost;
        ProcessCpu.Split afterPost;
        ProcessCpu.Split afterPostDb;
        int postWarmUps;
        try {
            // Warmed as GET is: the figure is the create's steady state, not the JIT compiling it.
            java.util.concurrent.atomic.AtomicInteger pass = new java.util.concurrent.atomic.AtomicInteger();
            postWarmUps = warmUp(() -> wrk.post(base + "/api/v1/bulk_api/jobs", key, body,
                    "warm" + pass.incrementAndGet() + "-" + run));
            beforePost = ProcessCpu.Split.now(state);
            try (Jfr recording = Jfr.start(options.profile(), stack.pid(ExportStack.API), "api-post", state.resolve("logs"))) {
                post = wrk.post(base + "/api/v1/bulk_api/jobs", key, body, "wrk-" + run);
            }
            afterPost = ProcessCpu.Split.now(state);
            ApiSql.Script create = ApiSql.createJob(stack.postgres(), ApiSql.lastCreated(stack.postgres(), jobId));
            postDb = pgbench.run("create-job", create.text(), create.variables());
            afterPostDb = ProcessCpu.Split.now(state);
            // One connection: the latency of one create with no queue in front of it.
            postAlone = new Wrk(1, 1, options.wrkSeconds(), state).post(base + "/api/v1/bulk_api/jobs", key, body,
                    "wrk1-" + run);
            postDbAlone = new Pgbench(stack.postgres(), 1, options.wrkSeconds(), state.resolve("logs"))
                    .run("create-job-1", create.text(), create.variables());
        } finally {
            signal("-CONT", paused);
        }
        table.note("GET job was first driven " + warmUps + " × " + options.wrkSeconds() + " s unmeasured, POST "
                + postWarmUps + " × (JIT warm-up: until a pass is within 10% of the one before)");
        table.note("phases, " + options.wrkSeconds() + " s each (the rest of 2 cores × that is wrk or pgbench itself):"
                + " wrk GET job " + afterGet.since(before) + "; pgbench GET job " + afterGetDb.since(afterGet)
                + "; wrk POST job " + afterPost.since(beforePost) + "; pgbench POST job " + afterPostDb.since(afterPost));
        table.note(String.format("one connection: wrk POST job %.0f req/s (%.1f ms each), pgbench of its statements"
                        + " %.0f tps (%.1f ms each)", postAlone.requestsPerSecond(),
                1000 / Math.max(0.001, postAlone.requestsPerSecond()), postDbAlone.transactionsPerSecond(),
                1000 / Math.max(0.001, postDbAlone.transactionsPerSecond())));
        table.note("pgbench scripts (bench/.../ApiSql.java): GET job is JobRows.FIND_OWNED; POST is BEGIN, the"
                + " create's pipelined statements (unfinished count, entitlement, job row, idempotency row, outbox row,"
                + " shard row, quota upsert, account lock, quota usage), COMMIT; wrk's POSTs each carry an Idempotency-Key");
        table.atLeast("GET /api/v1/bulk_api/jobs/{id} req/s vs pgbench of its SELECT, same connections", rps(get),
                String.format("%s: %.0f tps (%,d, %d failed)", pgbench.describe(), getDb.transactionsPerSecond(),
                        getDb.transactions(), getDb.failed()),
                get.requestsPerSecond() / getDb.transactionsPerSecond(), 0.5);
        table.atLeast("POST /api/v1/bulk_api/jobs req/s vs pgbench of the create's statements, same connections,"
                        + " worker and notifier paused", rps(post),
                String.format("%s: %.0f tps (%,d, %d failed)", pgbench.describe(), postDb.transactionsPerSecond(),
                        postDb.transactions(), postDb.failed()),
                post.requestsPerSecond() / postDb.transactionsPerSecond(), 0.6);
    }

    /** Runs the pass until its req/s is within 10% of the pass before, at most 6 times; how many ran. */
    private static int warmUp(Measurement<Wrk.Result> pass) throws Exception {
        double before = pass.run().requestsPerSecond();
        int passes = 1;
        while (passes < 6) {
            double now = pass.run().requestsPerSecond();
            passes++;
            say(String.format("warm-up pass %d: %.0f req/s (before %.0f)", passes, now, before));
            if (Math.abs(now - before) <= 0.1 * before) {
                break;
            }
            before = now;
        }
        return passes;
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        for (long pid : pids) {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        }
    }

    private static String rps(Wrk.Result result) {
        return String.format("%.0f req/s (%,d requests, %,d non-2xx)", result.requestsPerSecond(), result.requests(),
                result.non2xx());
    }

    private static String rowsAndTime(long rows, double seconds) {
        return String.format("%,d rows in %.2f s", rows, seconds);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
