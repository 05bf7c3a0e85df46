package dev.bulkexport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.PostgresServer;
import dev.bulkexport.testsupport.WorkerRuns;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery guarantees under faults. Real processes on loopback: PostgreSQL, a Kafka broker process, S3Proxy,
 * two api-service, two export-worker and two notifier-service processes, and a webhook receiver. Each
 * scenario keeps about 25 jobs of mixed types, formats and sizes in flight (each with a callback, a few
 * cancelled) while it injects one fault, then checks every job: terminal in the status it should have, its
 * file complete (size and SHA-256 of the download equal the job's result), its outcome's webhook delivered
 * under one stable webhook-id, quota consistent. Prints the matrix (also written to target/fault-matrix.md).
 * An outage lasts as long as it takes to outlast the timeouts and retries it is about, no longer; every wait
 * for the system is on the condition itself, with a generous upper bound.
 */
class FaultInjectionIT {
    /** Jobs of a round (Round.mix): every report type and format, large, medium and small, one or two cancelled. */
    private static final int JOBS = 24;
    private static final Duration PACE = Duration.ofMillis(150);
    private static final Duration SETTLE_WITHIN = Duration.ofMinutes(4);
    /** Longer than the producers' request timeout and the consumers' session timeout (10 s each). */
    private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(12);
    /** Longer than the worker's first three waits before it tries an export again (1 + 2 + 4 s). */
    private static final Duration S3_OUTAGE = Duration.ofSeconds(8);
    /** Across the notifiers' first four retry intervals (1, 2, 3 and 3 s: FaultStack's WEBHOOK_RETRY_DELAYS). */
    private static final Duration RECEIVER_OUTAGE = Duration.ofSeconds(10);
    private static final List<String> WORKERS = FaultStack.WORKERS;
    /** Joins in scenario 12 and leaves again, so that every other scenario sees two workers. */
    private static final String THIRD_WORKER = "export-worker-3";
    private static final FaultMatrix MATRIX = new FaultMatrix();

    private static FaultStack system;
    private static ExportStack stack;
    private static Callbacks callbacks;
    private static ApiClient api;
    private static RoundCheck check;

    @BeforeAll
    static void startTheSystem() throws Exception {
        system = FaultStack.start("[faults]");
        stack = system.stack;
        callbacks = system.callbacks;
        api = system.api;
        check = new RoundCheck(system);
    }

    @AfterAll
    static void stopTheSystem() {
        String table = MATRIX.table();
        System.out.println("\n[faults] matrix\n" + table);
        MATRIX.write(Path.of("target", "fault-matrix.md"));
        if (system != null) {
            system.close();
        }
    }

    @Test
    void worker_killed_in_the_middle_of_a_large_export() {
        Round round = round("1. kill -9 worker mid large export");
        Round.Job large = round.submit(Round.large("csv"));
        killWhileTheRestIsSubmitted(round, large, awaitExportingOn(large), "");
    }

    /** Kills the worker building the job while the round's other jobs are submitted, restarts it, checks all. */
    private static void killWhileTheRestIsSubmitted(Round round, Round.Job job, String worker, String of) {
        CompletableFuture<Void> rest = round.submitInBackground(1, JOBS, PACE);
        String note = "killed " + worker + " at " + rowsWritten(job) + " rows of " + of + job.id;
        stack.kill(worker);
        Instant healed = Instant.now();
        CompletableFuture<Void> restarted = restartMeanwhile(worker);
        rest.join();
        assertClean(verifyAndJoin(round, healed, note, restarted));
    }

    @Test
    void api_replica_killed_while_jobs_are_created_and_updated() {
        Round round = round("2. kill -9 api replica");
        CompletableFuture<Void> submitting = round.submitInBackground(0, JOBS, PACE);
        int killedAfter = JOBS * 3 / 10;
        await().atMost(Duration.ofMinutes(1)).until(() -> round.jobs.size() >= killedAfter);
        stack.kill("api-service-2");
        Instant healed = Instant.now();
        await().atMost(Duration.ofMinutes(1)).until(() -> round.jobs.size() >= 2 * killedAfter);
        CompletableFuture<Void> restarted = restartMeanwhile("api-service-2");
        submitting.join();
        assertClean(verifyAndJoin(round, healed, "killed api-service-2 after " + killedAfter + " creates",
                restarted));
    }

    @Test
    void kafka_stopped_and_restarted_while_jobs_are_created() {
        Round round = round("3. Kafka stop + restart");
        int downFrom = JOBS * 3 / 10;
        int downTo = JOBS * 8 / 10;
        round.submitInBackground(0, downFrom, PACE).join();
        stack.stopKafka();
        Instant down = Instant.now();
        int retriedBefore = round.failedTries.get();
        round.submitInBackground(downFrom, downTo, PACE).join();
        int retriedWhileDown = round.failedTries.get() - retriedBefore;
        ApiClient.pause(KAFKA_OUTAGE.minus(Duration.between(down, Instant.now()))); // the rest of the outage
        stack.startKafka();
        Instant healed = Instant.now();
        round.submitInBackground(downTo, JOBS, PACE).join();
        FaultMatrix.Row row = verify(round, healed, "broker down %d s; %d creates while down: %d retried"
                .formatted(Duration.between(down, healed).toSeconds(), downTo - downFrom, retriedWhileDown));
        assertThat(retriedWhileDown).as("creates while Kafka is down answer 201 at once").isZero();
        assertClean(row);
    }

    @Test
    void postgres_restarted() throws Exception {
        Round round = round("4. PostgreSQL restart");
        CompletableFuture<Void> submitting = round.submitInBackground(0, JOBS, PACE);
        await().atMost(Duration.ofMinutes(1)).until(() -> round.jobs.size() >= JOBS * 3 / 10);
        stack.stopPostgres();
        Instant down = Instant.now();
        HttpResponse<String> admin = stack.admin("GET", "/accounts", null);
        ApiClient.pause(Duration.ofSeconds(5)); // the outage
        stack.startPostgres();
        Instant healed = Instant.now();
        submitting.join();
        FaultMatrix.Row row = verify(round, healed, "down %d s; client retries got %s".formatted(
                Duration.between(down, healed).toSeconds(), statusCounts(round)));
        assertThat(round.failedStatuses).as("while the database is down: 503 with Retry-After, never a 500;"
                        + " the api replicas logged: %s", unexpectedFailures())
                .doesNotContain(500);
        assertThat(admin.statusCode()).as("the admin API while the database is down: %s", admin.body()).isEqualTo(503);
        assertThat(admin.headers().firstValue("Retry-After")).hasValue("5");
        assertClean(row);
    }

    @Test
    void s3_unavailable_during_uploads() {
        Round round = round("5. S3 down " + S3_OUTAGE.toSeconds() + " s");
        Round.Job large = round.submit(Round.large("parquet"));
        awaitExportingOn(large);
        CompletableFuture<Void> rest = round.submitInBackground(1, JOBS, PACE);
        stack.stopS3();
        ApiClient.pause(S3_OUTAGE); // the outage
        stack.startS3();
        Instant healed = Instant.now();
        rest.join();
        assertClean(verify(round, healed, "S3Proxy stopped " + S3_OUTAGE.toSeconds() + " s, " + large.id
                + " was uploading"));
    }

    @Test
    void webhook_receiver_down_across_several_retry_intervals() {
        Round round = round("6. webhook receiver down");
        callbacks.down();
        round.submitInBackground(0, JOBS, Duration.ofMillis(50)).join();
        ApiClient.pause(RECEIVER_OUTAGE); // the outage
        callbacks.up();
        Instant healed = Instant.now();
        assertClean(verify(round, healed, "refusing connections " + RECEIVER_OUTAGE.toSeconds() + " s"));
    }

    @Test
    void notifier_killed_between_attempts() {
        Round round = round("7. kill -9 notifier between attempts");
        callbacks.failing(true);
        CompletableFuture<Void> submitting = round.submitInBackground(0, JOBS, Duration.ofMillis(50));
        await().atMost(Duration.ofMinutes(2)).until(() -> round.jobs.size() >= JOBS * 2 / 5
                && round.jobs.size() - round.unfinished().size() >= JOBS / 5);
        stack.kill(ExportStack.NOTIFIER);
        callbacks.failing(false);
        Instant healed = Instant.now();
        CompletableFuture<Void> restarted = restartMeanwhile(ExportStack.NOTIFIER);
        submitting.join();
        assertClean(verifyAndJoin(round, healed, "receiver answered 503 until the kill", restarted));
    }

    @Test
    void worker_stopped_gracefully_in_the_middle_of_a_job() {
        Round round = round("8. SIGTERM worker mid job");
        Round.Job large = round.submit(Round.large("jsonl"));
        String worker = awaitExportingOn(large);
        CompletableFuture<Void> rest = round.submitInBackground(1, JOBS, PACE);
        long rows = rowsWritten(large);
        Duration stopping = stack.terminate(worker);
        Instant healed = Instant.now();
        CompletableFuture<Void> restarted = restartMeanwhile(worker);
        rest.join();
        FaultMatrix.Row row = verifyAndJoin(round, healed, "%s stopped in %.1f s at %d rows of %s"
                .formatted(worker, stopping.toMillis() / 1000.0, rows, large.id), restarted);
        assertGraceful(stopping);
        assertClean(row);
    }

    /**
     * Unlike scenario 8, the stopped worker is busy with two long jobs at once (the large job and a shard of a
     * fanned-out one) and stays down until the round has settled: the other worker alone finishes both and
     * every other job of the round.
     */
    @Test
    void busy_worker_stopped_gracefully_while_the_other_finishes_every_job() {
        Round round = round("13. SIGTERM busy worker, the other finishes all");
        LongJobs longJobs = submitLongJobs(round, "csv");
        String worker = longJobs.largeOn();
        awaitShardRunningOn(worker, longJobs.fannedOut());
        // At once: a shard takes about a second.
        Duration stopping = stack.terminate(worker);
        Instant healed = Instant.now();
        CompletableFuture<Void> rest = round.submitInBackground(2, JOBS, PACE);
        long rows = rowsWritten(longJobs.large());
        List<String> handedBack = handedBack(worker, longJobs);
        FaultMatrix.Row row;
        try {
            rest.join();
            row = verify(round, healed, "%s stopped in %.1f s, handed back %s (large job at %d rows); %s did all"
                    .formatted(worker, stopping.toMillis() / 1000.0, shortNames(handedBack), rows,
                            otherWorker(worker)));
        } finally {
            stack.restart(worker);
        }
        assertGraceful(stopping);
        assertThat(handedBack).as("what %s handed back as it stopped", worker).contains("job " + longJobs.large().id)
                .anyMatch(name -> name.startsWith("job " + longJobs.fannedOut().id + " shard "));
        assertClean(row);
        assertNoJobRanTwiceAtOnce(round, WORKERS);
    }

    @Test
    void a_third_worker_joins_while_long_jobs_run() {
        Round round = round("12. third worker joins mid-round");
        // Its JVM starts (10-35 s here) while long jobs run, so that its consumers join the group mid-round; what
        // is unfinished is taken as it is ready, i.e. as it has joined.
        CompletableFuture<List<Round.Job>> joining = CompletableFuture.supplyAsync(() -> {
            stack.startReplica(ExportStack.WORKER, THIRD_WORKER);
            return round.unfinished();
        });
        FaultMatrix.Row row;
        List<Round.Job> unfinishedAtJoin;
        try {
            LongJobs longJobs = submitLongJobs(round, "parquet");
            // Until it has joined, a large job every 5 s (each runs 6 s or more): on a quiet machine the round's first
            // jobs would be done before its JVM is up, so long exports must still be running (or queued) as the
            // group rebalances.
            do {
                round.submit(Round.large("csv"));
            } while (!doneWithin(joining, Duration.ofSeconds(5)));
            unfinishedAtJoin = joining.join();
            CompletableFuture<Void> rest = round.submitInBackground(2, JOBS, PACE);
            Instant healed = Instant.now();
            long rows = rowsWritten(longJobs.large());
            rest.join();
            row = verify(round, healed, "");
            row = withNote(row, "joined with %d of %d jobs unfinished (large job at %d rows); it ran %d jobs or shards"
                    .formatted(unfinishedAtJoin.size(), round.jobs.size(), rows, startedOn(THIRD_WORKER, round)) + row.note());
        } finally {
            joining.exceptionally(failed -> null).join();
            stack.stopReplica(THIRD_WORKER);
        }
        assertThat(unfinishedAtJoin).as("jobs still running when the third worker joined").isNotEmpty();
        assertClean(row);
        assertNoJobRanTwiceAtOnce(round, List.of(WORKERS.get(0), WORKERS.get(1), THIRD_WORKER));
    }

    /** Whether the future has completed, either way, within the timeout. */
    private static boolean doneWithin(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * No job or shard of the round ran on two workers (or twice on one) at the same time: a rebalance hands back
     * an export before its partition goes, so the partition's next owner starts it only after it stopped.
     */
    private static void assertNoJobRanTwiceAtOnce(Round round, List<String> workers) {
        Map<String, Path> logs = new LinkedHashMap<>();
        workers.forEach(worker -> logs.put(worker, stack.serviceLog(worker)));
        List<String> ids = round.jobs.stream().map(job -> job.id).toList();
        List<WorkerRuns.Run> runs = WorkerRuns.of(logs).stream()
                .filter(run -> ids.stream().anyMatch(id -> run.name().contains(id))).toList();
        assertThat(runs).as("runs of the round's jobs in the workers' logs").isNotEmpty();
        assertThat(WorkerRuns.simultaneous(runs)).as("jobs or shards that ran twice at once").isEmpty();
    }

    @Test
    void webhook_receiver_trickling_its_answer_is_cut_by_the_request_timeout() {
        Round round = round("14. webhook receiver trickles its answer");
        callbacks.trickle();
        CompletableFuture<Void> submitting = round.submitInBackground(0, JOBS, Duration.ofMillis(50));
        try {
            // Until the notifiers have been cut on many deliveries, and have retried some of them on the same id.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<String> ids = callbacks.trickled().stream().map(TricklingReceiver.Held::webhookId).toList();
                return ids.stream().distinct().count() >= 10 && ids.size() - ids.stream().distinct().count() >= 5;
            });
        } finally {
            callbacks.up();
        }
        Instant healed = Instant.now();
        submitting.join();
        FaultMatrix.Row row = verify(round, healed, "");
        List<TricklingReceiver.Held> trickled = callbacks.trickled();
        Duration longest = trickled.stream().map(TricklingReceiver.Held::held).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        List<String> delivered = callbacks.accepted().stream().map(Callbacks.Delivery::webhookId).toList();
        row = withNote(row, "%d attempts trickled one byte a second, each cut after at most %.1f s".formatted(
                trickled.size(), longest.toMillis() / 1000.0) + row.note());
        assertThat(longest).as("the longest trickled attempt (NOTIFIER_REQUEST_TIMEOUT is 3 s)")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(trickled).as("a trickled delivery is retried under its webhook-id until delivered")
                .allSatisfy(held -> assertThat(delivered).contains(held.webhookId()));
        assertClean(row);
    }

    @Test
    void worker_killed_in_the_middle_of_a_fanned_out_export() {
        Round round = round("10. kill -9 worker mid fanned-out export");
        Round.Job fannedOut = round.submit(Round.fannedOut("csv"));
        killWhileTheRestIsSubmitted(round, fannedOut, awaitShardOn(fannedOut), "the 5 shards of ");
    }

    @Test
    void api_replica_killed_while_a_schedules_runs_are_due() throws Exception {
        System.out.println("[faults] scenario 11. kill -9 api replica while 36 schedule runs are due");
        ApiClient.Answer schedule = api.call("POST", "/api/v1/bulk_api/schedules", """
                {"name":"fault suite daily","report_type":"property","output_format":"csv","property_ids":[7],
                 "cadence":"daily","time_zone":"UTC","window":"previous_period"}""");
        assertThat(schedule.status()).as("schedule created: %s", schedule.body()).isEqualTo(201);
        String id = schedule.body().get("schedule_id").asText();
        // 36 daily periods, all due at once: both replicas' schedule checkers claim them as one is killed.
        ApiClient.Answer backfill = api.call("POST", "/api/v1/bulk_api/schedules/" + id + "/backfill",
                "{\"from\":\"2024-03-01\",\"to\":\"2024-04-05\"}");
        assertThat(backfill.status()).as("backfill: %s", backfill.body()).isEqualTo(202);
        stack.kill("api-service-2");
        CompletableFuture<Void> restarted = restartMeanwhile("api-service-2");
        try {
            await().atMost(SETTLE_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode runs = api.read("/api/v1/bulk_api/schedules/" + id + "/runs?per_page=100").path("runs");
                return runs.size() == 36 && java.util.stream.StreamSupport.stream(runs.spliterator(), false)
                        .allMatch(run -> run.path("status").asText().equals("succeeded"));
            });
        } finally {
            restarted.join();
        }
        // With the restarted replica up again.
        assertOneJobPerPeriod(id);
    }

    private static void assertOneJobPerPeriod(String id) throws java.sql.SQLException {
        try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
                var statement = db.prepareStatement("SELECT start_date::text, count(*) FROM api.jobs"
                        + " WHERE schedule_id = ?::uuid GROUP BY start_date ORDER BY start_date")) {
            statement.setString(1, id);
            Map<String, Integer> jobsPerPeriod = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobsPerPeriod.put(rows.getString(1), rows.getInt(2));
                }
            }
            assertThat(jobsPerPeriod).as("jobs of the schedule per period").hasSize(36)
                    .containsEntry("2024-03-01", 1).containsEntry("2024-04-05", 1)
                    .allSatisfy((day, jobs) -> assertThat(jobs).as("jobs for %s", day).isEqualTo(1));
        }
    }

    @Test
    void poison_records_go_to_dead_letter_topics_and_consumption_continues() throws Exception {
        Round round = round("9. poison record on every topic");
        String bootstrap = stack.kafka().bootstrapServers();
        String marker = "poison-" + Instant.now().toEpochMilli();
        for (String topic : Topics.ALL) {
            KafkaRecords.send(bootstrap, topic, marker, "{\"not\": \"an event\", \"marker\": \"" + marker + "\"");
        }
        round.submitInBackground(0, JOBS, PACE).join();
        Instant healed = Instant.now();
        FaultMatrix.Row row = verify(round, healed, "");
        List<String> deadLettered = DeadLetters.holding(bootstrap, Topics.ALL, marker, Duration.ofMinutes(1));
        assertThat(deadLettered).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertClean(withNote(row, "dead-lettered " + deadLettered.size() + "/" + Topics.ALL.size() + row.note()));
    }

    /**
     * A worker killed in the middle of a month of an Iceberg sync (its uploads to the customer's bucket failing and
     * retried, so the kill lands mid-job for sure): the table stays at its previous snapshot, nothing of the
     * half-built job is committed; the job, built again by a worker once the bucket answers, commits one snapshot.
     */
    @Test
    void worker_killed_in_the_middle_of_an_iceberg_sync() throws Exception {
        String scenario = "15. kill -9 worker mid Iceberg sync";
        System.out.println("[faults] scenario " + scenario);
        try (CustomerBucket customer = CustomerBucket.start(system.state.resolve("customer-s3"))) {
            String destination = api.call("POST", "/api/v1/bulk_api/destinations", "{\"type\":\"s3\",\"name\":"
                    + "\"lake\",\"bucket\":\"" + CustomerBucket.BUCKET + "\",\"prefix\":\"lake\",\"region\":"
                    + "\"us-east-1\",\"endpoint\":\"" + customer.endpoint() + "\",\"access_key_id\":\""
                    + CustomerBucket.ACCESS_KEY + "\",\"secret_access_key\":\"" + CustomerBucket.SECRET_KEY + "\"}")
                    .body().get("destination_id").asText();
            String january = api.create(icebergMonth(destination, "2024-01-01", "2024-01-31")).jobId();
            assertThat(awaitEnded(january)).isEqualTo("succeeded");
            String before = icebergPointer();

            customer.stop();
            String february = api.create(icebergMonth(destination, "2024-02-01", "2024-02-29")).jobId();
            String worker = awaitRetryingOn(february);
            stack.kill(worker);
            assertThat(icebergPointer()).as("the table at its previous snapshot").isEqualTo(before);
            Instant healed = Instant.now();
            customer.restart();
            CompletableFuture<Void> restarted = restartMeanwhile(worker);
            String outcome = awaitEnded(february);
            long recovery = Duration.between(healed, Instant.now()).toSeconds();
            restarted.join();

            String after = icebergPointer();
            JsonNode metadata = JSON.readTree(customer.read(after.substring(("s3://" + CustomerBucket.BUCKET
                    + "/").length())));
            List<String> jobs = new java.util.ArrayList<>();
            metadata.path("snapshots").forEach(snapshot -> jobs.add(snapshot.path("summary")
                    .path("bulk-export.job-id").asText()));
            int wrong = "succeeded".equals(outcome) ? 0 : 1;
            int conflicting = jobs.equals(List.of(january, february)) ? 0 : 1;
            assertClean(new FaultMatrix.Row(scenario, 2, 0, 0, wrong, conflicting, 0, 0, 0, 0, 0, recovery,
                    "killed " + worker + " while it retried " + february + "; snapshots by job: " + jobs));
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind
            .ObjectMapper();

    private static String icebergMonth(String destination, String start, String end) {
        return "{\"report_type\":\"units\",\"output_format\":\"parquet\",\"start_date\":\"" + start
                + "\",\"end_date\":\"" + end + "\",\"property_ids\":[1,2,3,4,5],\"destination_id\":\""
                + destination + "\",\"iceberg_table\":\"rentals.units\"}";
    }

    /** The job's outcome, once it has one. */
    private static String awaitEnded(String jobId) {
        return await().atMost(SETTLE_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(jobId).path("status").asText(), status -> !"submitted".equals(status));
    }

    /** Waits until a worker logs a failed attempt of the job (it is mid-job, retrying) and returns that worker. */
    private static String awaitRetryingOn(String jobId) {
        String failed = "job " + jobId + ": attempt 1 failed";
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> WORKERS.stream().anyMatch(worker -> logMentions(worker, failed)));
        return WORKERS.stream().filter(worker -> logMentions(worker, failed)).findFirst().orElseThrow();
    }

    /** Where the suite's account's table points (its current metadata file), as the catalog holds it. */
    private static String icebergPointer() throws java.sql.SQLException {
        try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
                var query = db.prepareStatement("SELECT metadata_location FROM api.iceberg_tables"
                        + " WHERE table_namespace = 'rentals' AND table_name = 'units'");
                ResultSet row = query.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    // --- running a round ---

    private static Round round(String scenario) {
        System.out.println("[faults] scenario " + scenario);
        return new Round(scenario, api, callbacks.url());
    }

    /** Waits until the job's export is writing rows and returns the worker process running it. */
    private static String awaitExportingOn(Round.Job job) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> rowsWritten(job) > 0);
        return WORKERS.stream().filter(worker -> logMentions(worker, "job " + job.id + " started")).findFirst()
                .orElseThrow(() -> new AssertionError("no worker log shows " + job.id + " started"));
    }

    /** Waits until a shard of the fanned-out job is writing rows and returns a worker process building one. */
    private static String awaitShardOn(Round.Job job) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> rowsWritten(job) > 0
                && WORKERS.stream().anyMatch(worker -> logMentions(worker, "job " + job.id + " shard")));
        return WORKERS.stream().filter(worker -> logMentions(worker, "job " + job.id + " shard")).findFirst()
                .orElseThrow();
    }

    /** A large job and a fanned-out one submitted first in a round, and the worker exporting the large one. */
    private record LongJobs(Round.Job large, Round.Job fannedOut, String largeOn) {
    }

    private static LongJobs submitLongJobs(Round round, String format) {
        Round.Job large = round.submit(Round.large(format));
        Round.Job fannedOut = round.submit(Round.fannedOut(format));
        return new LongJobs(large, fannedOut, awaitExportingOn(large));
    }

    /** Waits until the worker is building a shard of the job (started, not ended). */
    private static void awaitShardRunningOn(String worker, Round.Job job) {
        String prefix = "job " + job.id + " shard ";
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> lines = logLines(worker);
            return lines.stream().filter(line -> line.contains(prefix) && line.endsWith(" started"))
                    .map(line -> line.substring(line.indexOf(prefix), line.length() - " started".length()))
                    .filter(shard -> lines.stream().noneMatch(line -> line.contains(shard + " succeeded")
                            || line.contains(shard + " handed back")))
                    .findFirst();
        }, java.util.Optional::isPresent);
    }

    /** What of the long jobs the worker logged as handed back when it stopped ("job <id>", "job <id> shard i/n"). */
    private static List<String> handedBack(String worker, LongJobs longJobs) {
        String suffix = " handed back: the worker is stopping";
        return logLines(worker).stream().filter(line -> line.endsWith(suffix))
                .map(line -> line.substring(line.indexOf("job "), line.length() - suffix.length()))
                .filter(name -> name.startsWith("job " + longJobs.large().id)
                        || name.startsWith("job " + longJobs.fannedOut().id))
                .toList();
    }

    /** "job 1234abcd-..." as "1234abcd", "job 1234abcd-... shard 2/5" as "1234abcd shard 2/5". */
    private static List<String> shortNames(List<String> names) {
        return names.stream().map(name -> name.replaceFirst("^job (\\p{XDigit}{8})[-\\p{XDigit}]*", "$1")).toList();
    }

    /** How many of the round's jobs and shards the worker started. */
    private static long startedOn(String worker, Round round) {
        return logLines(worker).stream().filter(line -> line.endsWith(" started"))
                .filter(line -> round.jobs.stream().anyMatch(job -> line.contains("job " + job.id))).count();
    }

    private static String otherWorker(String worker) {
        return WORKERS.stream().filter(other -> !other.equals(worker)).findFirst().orElseThrow();
    }

    private static void assertGraceful(Duration stopping) {
        assertThat(stopping).as("graceful stop within the 30 s grace period").isLessThan(Duration.ofSeconds(30));
    }

    private static long rowsWritten(Round.Job job) {
        return api.get(job.id).at("/progress/rows_written").asLong(0);
    }

    /** What the api replicas logged as an unexpected failure (their 500s), for the message of a failed check. */
    private static List<String> unexpectedFailures() {
        return java.util.stream.Stream.of(ExportStack.API, "api-service-2").flatMap(service -> {
            try (var lines = Files.lines(stack.serviceLog(service))) {
                return lines.filter(line -> line.contains("unexpected failure"))
                        .map(line -> service + ": " + line.substring(0, Math.min(line.length(), 3000))).toList()
                        .stream();
            } catch (java.io.IOException e) {
                return java.util.stream.Stream.of(service + ": log unreadable: " + e.getMessage());
            }
        }).toList();
    }

    private static boolean logMentions(String service, String text) {
        try (var lines = Files.lines(stack.serviceLog(service))) {
            return lines.anyMatch(line -> line.contains(text));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> logLines(String service) {
        try (var lines = Files.lines(stack.serviceLog(service))) {
            return lines.toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static FaultMatrix.Row verify(Round round, Instant healed, String note) {
        return check.verify(round, healed, note, SETTLE_WITHIN);
    }

    /**
     * Starts a stopped service again while the round goes on: the other processes carry the round meanwhile, and
     * the restarted one joins in as it is ready (consumer groups rebalance mid-round).
     */
    private static CompletableFuture<Void> restartMeanwhile(String service) {
        return CompletableFuture.runAsync(() -> stack.restart(service));
    }

    /** Checks the round, then waits for the restart, so that the next scenario has every process again. */
    private static FaultMatrix.Row verifyAndJoin(Round round, Instant healed, String note,
            CompletableFuture<Void> restarted) {
        try {
            return verify(round, healed, note);
        } finally {
            restarted.join();
        }
    }

    private static String statusCounts(Round round) {
        return round.failedStatuses.stream().collect(Collectors.groupingBy(
                status -> status < 0 ? "no answer" : String.valueOf(status), Collectors.counting())).toString();
    }

    private static FaultMatrix.Row withNote(FaultMatrix.Row row, String note) {
        return new FaultMatrix.Row(row.scenario(), row.jobs(), row.lost(), row.stuck(), row.wrongState(),
                row.corrupt(), row.webhooksMissing(), row.conflicting(), row.redelivered(), row.quotaErrors(),
                row.retriedRequests(), row.recoverySeconds(), note);
    }

    /** Adds the round's row to the matrix, then fails the scenario unless the row is all zeros. */
    private static void assertClean(FaultMatrix.Row row) {
        MATRIX.add(row);
        assertThat(row.clean()).as("no job lost, stuck, in the wrong state or corrupt, no webhook missing or"
                + " conflicting, quota consistent: " + row).isTrue();
    }
}
