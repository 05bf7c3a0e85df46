package dev.bulkexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.testsupport.ExportStack;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fan-out scaling figure: the one large units job (10M rows with {@code --large}) cut into shards and run
 * with 1, 2 and 4 worker processes. Each worker runs one shard at a time and each shard reads at most
 * {@link #ROWS_PER_SECOND} rows per second, so a worker stands for a CPU-bound machine of a fleet (this one has
 * 2 cores); the job's time should then fall with the workers. The shards go round the shard topic's partitions
 * in turn (the api's OutboxPartitioner), so each worker gets the same number, and every shard of the job is
 * handed out at once.
 */
final class FanOutScaling {
    static final int ROWS_PER_SECOND = 25_000;
    static final int SHARDS = 32;

    private FanOutScaling() {
    }

    /** What every service of the stack runs with for this phase; the shard size follows the data set. */
    static Map<String, String> serviceEnv(BenchOptions options) {
        long estimated = (long) options.properties() * options.days() * options.unitsPerProperty();
        return Map.of("EXPORT_MAX_ROWS_PER_SECOND", String.valueOf(ROWS_PER_SECOND), "EXPORT_CONCURRENCY", "1",
                "SHARD_FAN_OUT_ROWS", "1", "SHARD_ROWS", String.valueOf(Math.max(1, estimated / SHARDS)),
                "MAX_RUNNING_SHARDS_PER_ACCOUNT", "100000", "EXPORT_SHARDS_MAX_PER_JOB", String.valueOf(SHARDS),
                "EXPORT_SHARDS_UNITS_ROWS_PER_PROPERTY_DAY", String.valueOf(options.unitsPerProperty()));
    }

    static void run(ExportStack stack, BenchOptions options, ResultTable table, LocalDate firstDay) throws Exception {
        BenchApi api = new BenchApi(stack.apiBaseUrl());
        api.createBenchKey(stack);
        List<Long> properties = Bench.allProperties(options);
        Map<Integer, Double> seconds = new LinkedHashMap<>();
        long rows = 0;
        int running = 1;
        for (int workers : List.of(1, 2, 4)) {
            for (; running < workers; running++) {
                stack.startReplica(ExportStack.WORKER, "export-worker-" + (running + 1));
            }
            // The consumer group settles (each worker owns its partitions) before the shards arrive.
            BenchApi.sleep(Duration.ofSeconds(15));
            long started = System.nanoTime();
            String jobId = api.submit("units", "csv", properties, firstDay, Bench.lastDay(options), null, null);
            JsonNode job = api.awaitOutcome(jobId, Duration.ofMillis(200), Duration.ofMinutes(60));
            double took = (System.nanoTime() - started) / 1e9;
            if (!"succeeded".equals(job.get("status").asText())) {
                throw new IllegalStateException("fanned-out export with " + workers + " workers ended " + job);
            }
            rows = job.at("/result/row_count").asLong();
            seconds.put(workers, took);
            Bench.say(String.format("fan-out, %d workers: %,d rows in %.1f s, %d files", workers, rows, took,
                    job.at("/result/file_count").asInt()));
        }
        for (int workers : List.of(2, 4)) {
            table.atLeast(String.format("one %,d-row job, %d workers vs 1 (%d shards, %,d rows/s per shard)", rows,
                            workers, SHARDS, ROWS_PER_SECOND), String.format("%.1f s", seconds.get(workers)),
                    String.format("1 worker %.1f s", seconds.get(1)), seconds.get(1) / seconds.get(workers),
                    workers == 4 ? 3.2 : 1.6);
        }
        table.note("fan-out: each worker runs one shard at a time (EXPORT_CONCURRENCY=1), each shard paced at "
                + ROWS_PER_SECOND + " rows/s (EXPORT_MAX_ROWS_PER_SECOND) to stand for CPU-bound workers on 2 cores");
    }
}
