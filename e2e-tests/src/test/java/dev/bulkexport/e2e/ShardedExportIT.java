package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Jobs across workers: a job over the fan-out threshold is cut into shards that three worker
 * processes build in parallel (the shared stack's worker and two more that this class starts and stops). A
 * shard of this class's large jobs (5 properties' units, about 10,000 rows as the data starts in 2023) runs some
 * 2 s at the stack's pace; each account has at most 2 shards running, and a worker runs 4 at once. A worker
 * told to stop drains: it finishes its running shards (within 15 s) first.
 */
@ExtendWith(SharedStack.Extension.class)
@Isolated("kills, stops and adds workers of the shared stack, and times a job on it")
class ShardedExportIT {
    private static final List<String> WORKERS = List.of(ExportStack.WORKER, "export-worker-2", "export-worker-3");
    /** The workers' consumer group of the shards' topic. */
    private static final String WORKER_GROUP = "export-worker";
    /** 25 properties × 1,067 days × 100 estimated units rows: 2,667,500 estimated rows, 5 shards of 600,000. */
    private static final List<Long> PROPERTY_IDS = LongStream.rangeClosed(1, 25).boxed().toList();
    private static final LocalDate FROM = LocalDate.of(2021, 3, 1);
    private static final LocalDate TO = LocalDate.of(2024, 1, 31);
    private static final Duration JOB_WAIT = Duration.ofSeconds(240);

    private static SharedStack system;
    private static ExportStack stack;
    private static S3Client s3;
    @TempDir
    static Path downloads;

    @BeforeAll
    static void startTwoMoreWorkers(SharedStack shared) {
        system = shared;
        stack = shared.stack();
        s3 = shared.s3();
        stack.startReplicas(Map.of(WORKERS.get(1), ExportStack.WORKER, WORKERS.get(2), ExportStack.WORKER));
    }

    /**
     * Waits until the workers' group is stable with one member per worker: a worker an earlier test restarted joins
     * it (and the killed one's member leaves it) with a rebalance, which hands back the shards of the partitions
     * that move, the shard a test watches included.
     */
    @BeforeEach
    void workersSettled() {
        try (Admin admin = Admin.create(stack.kafka().adminConfig())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WORKER_GROUP))
                                .all().get().get(WORKER_GROUP);
                        return group.groupState() == GroupState.STABLE && group.members().size() == WORKERS.size()
                                && group.members().stream()
                                        .noneMatch(member -> member.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    @AfterAll
    static void stopTheMoreWorkers() {
        if (stack != null) {
            stack.stopReplicas(WORKERS.subList(1, WORKERS.size()));
        }
    }

    @Test
    void a_fanned_out_jobs_files_in_manifest_order_hold_exactly_the_source_rows() throws Exception {
        String key = newAccount("seams");
        String jobId = submit(key, "csv", PROPERTY_IDS, Map.of("compression", "gzip"));

        JsonPath job = awaitOutcome(key, jobId);
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(shardStatuses(jobId)).hasSize(5).containsOnly("DONE");
        JsonPath manifest = manifest(key, jobId);
        List<String> names = manifest.getList("files.file_name");
        assertThat(names).hasSizeGreaterThanOrEqualTo(5).isSorted();
        assertThat(names.get(0)).isEqualTo("units_2021-03-01_2024-01-31_shard-00001.csv.gz");
        assertThat(job.getInt("result.file_count")).isEqualTo(names.size());
        assertThat(job.getLong("progress.rows_written")).isEqualTo(job.getLong("result.row_count"));

        List<List<Object>> source = SourceRows.UNITS.read(stack.postgres(), PROPERTY_IDS, FROM, TO).rows();
        List<List<Object>> read = new ArrayList<>();
        for (Path file : downloadAll(manifest)) {
            read.addAll(DuckDbFile.read(file, "csv").rows());
        }
        assertThat(read).as("rows of all files").hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(DuckDbFile.normalizedLike(read.get(i), source.get(i))).as("row %d", i + 1)
                    .isEqualTo(DuckDbFile.normalized(source.get(i)));
        }
    }

    @Test
    void a_worker_killed_mid_shard_costs_only_that_shard_and_the_job_succeeds() throws Exception {
        String key = newAccount("crash");
        String jobId = submit(key, "csv", PROPERTY_IDS, Map.of());
        // Once a shard is done, kill the worker that builds a shard now, as soon as one has started.
        await().atMost(JOB_WAIT).until(() -> shardStatuses(jobId).contains("DONE"));
        RunningShard victim = awaitRunningShard(jobId);
        stack.kill(victim.worker());
        try {
            JsonPath job = awaitOutcome(key, jobId);

            assertThat(job.getString("status")).isEqualTo("succeeded");
            assertThat(victim.doneBefore()).isNotEmpty().doesNotContain(victim.shard());
            for (int shard : victim.doneBefore()) {
                assertThat(timesBuilt(jobId, shard)).as("shard %d, done before the kill", shard).isEqualTo(1);
            }
            assertThat(timesBuilt(jobId, victim.shard())).as("the killed shard").isEqualTo(2);
            assertThat(manifest(key, jobId).getLong("row_count"))
                    .isEqualTo(SourceRows.UNITS.read(stack.postgres(), PROPERTY_IDS, FROM, TO).rows().size());
        } finally {
            stack.restart(victim.worker());
        }
    }

    /** A scale-in or a rollout (SIGTERM) with EXPORT_DRAIN_TIMEOUT: the busy worker finishes its shard first. */
    @Test
    void a_worker_stopped_while_it_builds_a_shard_finishes_it_within_its_drain_and_the_job_succeeds() throws Exception {
        String key = newAccount("drain");
        String jobId = submit(key, "csv", PROPERTY_IDS, Map.of());
        RunningShard stopped = awaitRunningShard(jobId);
        stack.terminate(stopped.worker());
        try {
            assertThat(Files.readString(stack.serviceLog(stopped.worker())))
                    .contains("running exports may finish within")
                    .contains("job " + jobId + " shard " + stopped.shard() + "/5 succeeded");
            JsonPath job = awaitOutcome(key, jobId);

            assertThat(job.getString("status")).isEqualTo("succeeded");
            assertThat(timesBuilt(jobId, stopped.shard())).as("the drained shard, built once").isEqualTo(1);
            assertThat(manifest(key, jobId).getLong("row_count"))
                    .isEqualTo(SourceRows.UNITS.read(stack.postgres(), PROPERTY_IDS, FROM, TO).rows().size());
        } finally {
            stack.restart(stopped.worker());
        }
    }

    /** A shard being built now: its worker, its index and the shards the api had recorded done by then. */
    private record RunningShard(String worker, int shard, List<Integer> doneBefore) {
    }

    /**
     * Waits for a shard that started and is not done by the api's record (a worker's "succeeded" line can come
     * after the api recorded it done), read in the same poll.
     */
    private static RunningShard awaitRunningShard(String jobId) {
        List<RunningShard> found = new ArrayList<>();
        await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<Integer> doneNow = doneShards(jobId);
            for (String worker : WORKERS) {
                String log = Files.readString(stack.serviceLog(worker));
                Matcher started = Pattern.compile("job " + jobId + " shard (\\d+)/5 started").matcher(log);
                while (started.find()) {
                    int shard = Integer.parseInt(started.group(1));
                    if (!log.contains("job " + jobId + " shard " + shard + "/5 succeeded") && !doneNow.contains(shard)) {
                        found.add(new RunningShard(worker, shard, doneNow));
                        return true;
                    }
                }
            }
            return false;
        });
        return found.get(0);
    }

    @Test
    void cancelling_a_fanned_out_job_stops_every_running_shard_and_leaves_no_multipart_upload() throws Exception {
        String key = newAccount("cancel");
        String jobId = submit(key, "jsonl", PROPERTY_IDS, Map.of());
        // The account's 2 shards at once: the second has just started, so it is still being built.
        await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> shardsLogged(jobId, "started") >= 2);

        given().auth().oauth2(key).when().delete("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled"));

        await().atMost(Duration.ofSeconds(15)).until(() -> shardsLogged(jobId, "cancelled")
                + shardsLogged(jobId, "succeeded") == shardsLogged(jobId, "started"));
        assertThat(shardsLogged(jobId, "cancelled")).as("shards stopped while being built").isPositive();
        assertThat(uploadsOf(jobId)).isZero();
        assertThat(shardStatuses(jobId)).doesNotContain("QUEUED", "RUNNING");
        given().auth().oauth2(key).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results").then().statusCode(409);
    }

    @Test
    void another_accounts_backlog_of_large_jobs_delays_a_small_job_by_less_than_its_own_length() throws Exception {
        // The property report of 25 properties × 731 days: 18,275 rows (one shard), about 4 s at 5,000 rows/s;
        // compressed, so that its one file stays within one upload part.
        String small = newAccount("small");
        Map<String, Object> twoYears = Map.of("report_type", "property", "start_date", "2023-01-01",
                "end_date", "2024-12-31", "compression", "gzip");
        Duration idle = timed(small, PROPERTY_IDS, twoYears);

        String busy = newAccount("busy");
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backlog.add(submit(busy, "csv", PROPERTY_IDS, Map.of()));
        }
        try {
            // The backlog runs: its account's 2 shards are being built, the other 98 wait in the api's queue.
            String anyOfBacklog = backlog.stream().map(Pattern::quote).collect(Collectors.joining("|", "(", ")"));
            await().atMost(JOB_WAIT).until(() -> workerLines("job " + anyOfBacklog + " shard \\d+/5 started") > 0);

            Duration loaded = timed(small, PROPERTY_IDS, twoYears);

            assertThat(loaded).as("idle: %s", idle).isLessThanOrEqualTo(idle.multipliedBy(2));
        } finally {
            backlog.forEach(jobId -> given().auth().oauth2(busy).delete("/api/v1/bulk_api/jobs/" + jobId));
        }
    }

    /** From create to outcome, for a job of one shard. */
    private static Duration timed(String key, List<Long> ids, Map<String, Object> options) {
        long started = System.nanoTime();
        String jobId = submit(key, "csv", ids, options);
        JsonPath job = await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).jsonPath(),
                        found -> !"submitted".equals(found.getString("status")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("result.file_count")).isEqualTo(1);
        return took;
    }

    /** How many times a worker started building the shard (a finished shard redelivered is not built again). */
    private static long timesBuilt(String jobId, int shard) throws IOException {
        return workerLines(Pattern.quote("job " + jobId + " shard " + shard + "/5 started"));
    }

    /** How many "job {id} shard n/5 {what}" lines the workers logged. */
    private static long shardsLogged(String jobId, String what) throws IOException {
        return workerLines("job " + Pattern.quote(jobId) + " shard \\d+/5 " + what);
    }

    /** How many matches of the pattern the workers' logs hold. */
    private static long workerLines(String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex);
        long count = 0;
        for (String worker : WORKERS) {
            count += pattern.matcher(Files.readString(stack.serviceLog(worker))).results().count();
        }
        return count;
    }

    private static long uploadsOf(String jobId) {
        return StackS3.openUploads(s3, jobId);
    }

    private static List<String> shardStatuses(String jobId) throws Exception {
        return queryShards(jobId, "SELECT status FROM api.job_shards WHERE job_id = ? ORDER BY shard_index");
    }

    private static List<Integer> doneShards(String jobId) throws Exception {
        return queryShards(jobId, "SELECT shard_index::text FROM api.job_shards WHERE job_id = ? AND status = 'DONE'")
                .stream().map(Integer::valueOf).toList();
    }

    private static List<String> queryShards(String jobId, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(jobId));
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static String newAccount(String name) throws Exception {
        return system.newAccountKey("sharded-" + name);
    }

    private static String submit(String key, String format, List<Long> ids, Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(Map.of("report_type", "units", "output_format", format,
                "start_date", FROM.toString(), "end_date", TO.toString(), "property_ids", ids));
        body.putAll(options);
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
    }

    private static JsonPath awaitOutcome(String key, String jobId) {
        return await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId)
                        .then().statusCode(200).extract().jsonPath(),
                        found -> !"submitted".equals(found.getString("status")));
    }

    private static JsonPath manifest(String key, String jobId) {
        return given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(200).extract().jsonPath();
    }

    private static List<Path> downloadAll(JsonPath manifest) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < manifest.getList("files").size(); i++) {
            Path file = Files.createDirectories(downloads.resolve(UUID.randomUUID().toString()))
                    .resolve(manifest.getString("files[" + i + "].file_name"));
            HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(manifest.getString("files[" + i + "].url"))).build(), HttpResponse.BodyHandlers.ofFile(file));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Files.size(file)).isEqualTo(manifest.getLong("files[" + i + "].file_size_bytes"));
            files.add(file);
        }
        return files;
    }
}
