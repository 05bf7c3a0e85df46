package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A large job is cut into shards that the api hands out within its account's running cap; the workers' shard
 * outcomes are checkpointed and the job's outcome is published once. No worker runs: the test plays it.
 */
@QuarkusTest
@TestProfile(ShardingTest.SmallShards.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ShardingTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** 6 properties × 366 days × 100 rows per property-day: 219,600 estimated rows, 5 shards of 50,000. */
    private static final String LARGE = """
            {"report_type":"units","output_format":"csv","start_date":"2024-01-01","end_date":"2024-12-31",
             "property_ids":[6,2,5,1,4,3]}""";
    private static final String SMALL = """
            {"report_type":"units","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-01",
             "property_ids":[1]}""";

    public static class SmallShards implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("export.shards.fan-out-rows", "1000", "export.shards.rows-per-shard", "50000",
                    "export.shards.max-running-per-account", "2");
        }
    }

    @Test
    void a_large_job_is_cut_into_property_groups_handed_out_within_its_accounts_running_cap() throws Exception {
        String key = TestAccounts.create();
        String jobId = create(key, LARGE);

        await().atMost(WAIT).until(() -> shardsOf(jobId).size() == 2);
        assertThat(shardsOf(jobId)).extracting(ShardSubmitted::shardCount).containsOnly(5);
        assertThat(wholeJobs()).noneMatch(event -> event.jobId().toString().equals(jobId));

        String otherAccountsJob = create(TestAccounts.create(), SMALL);
        await().atMost(WAIT).until(() -> wholeJobs().stream()
                .anyMatch(event -> event.jobId().toString().equals(otherAccountsJob)));
        assertThat(shardsOf(jobId)).hasSize(2);
    }

    @Test
    void finished_shards_free_slots_progress_sums_them_and_the_outcome_is_published_once_with_files_in_shard_order()
            throws Exception {
        String key = TestAccounts.create();
        String jobId = create(key, LARGE);
        UUID job = UUID.fromString(jobId);
        UUID account = TestAccounts.accountOfJob(jobId);

        List<Integer> done = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            int handedOut = Math.min(5, round + 2);
            await().atMost(WAIT).until(() -> shardsOf(jobId).size() == handedOut);
            // The newest shard handed out finishes first, shard 1 last: the files still come in shard order.
            int shard = shardsOf(jobId).stream().map(ShardSubmitted::shardIndex).filter(i -> !done.contains(i))
                    .max(Integer::compare).orElseThrow();
            done.add(shard);
            ShardCompleted outcome = ShardCompleted.succeeded(job, account, shard, List.of(
                    file(account, job, shard, 1, 100), file(account, job, shard, 2, 10)));
            send(jobId, JobProgressed.of(job, account, 55, 1, 2, shard));
            send(jobId, outcome);
            send(jobId, outcome);
        }
        assertThat(done).last().isEqualTo(1);

        List<ShardSubmitted> shards = shardsOf(jobId);
        assertThat(shards).extracting(ShardSubmitted::shardIndex).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        List<Long> properties = shards.stream().sorted((a, b) -> a.shardIndex() - b.shardIndex())
                .flatMap(shard -> shard.spec().propertyIds().stream()).toList();
        assertThat(properties).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        await().atMost(WAIT).until(() -> closing(jobId) != null);
        ShardSubmitted closing = closing(jobId);
        assertThat(closing.files()).extracting(JobCompleted.File::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(closing.files()).extracting(JobCompleted.File::fileName).first().asString()
                .endsWith("_shard-00001.csv");
        assertThat(closing.files().get(9).fileName()).endsWith("_shard-00005_part-00002.csv");
        given().auth().oauth2(key).when().get(JOBS + "/" + jobId).then()
                .body("status", equalTo("submitted")).body("progress.rows_written", equalTo(550));

        JobCompleted.File manifest = new JobCompleted.File(0, "exports/" + account + "/" + job
                + "/units_2024-01-01_2024-12-31_manifest.json", "units_2024-01-01_2024-12-31_manifest.json", 0, 10,
                "cd".repeat(32));
        send(jobId, JobCompleted.succeeded(job, account, closing.files(), manifest));

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(key).when().get(JOBS + "/" + jobId).then()
                .body("status", equalTo("succeeded")).body("result.file_count", equalTo(10))
                .body("result.row_count", equalTo(550)));
        given().auth().oauth2(key).when().get(JOBS + "/" + jobId + "/results/manifest").then().statusCode(200)
                .body("files[9].file_name", equalTo(closing.files().get(9).fileName()));
        assertThat(statusChanges(jobId)).containsExactly(JobStatus.SUBMITTED, JobStatus.SUCCEEDED);
    }

    @Test
    void a_shard_that_fails_fails_the_job_once_stops_the_others_and_hands_out_no_more() throws Exception {
        String key = TestAccounts.create();
        String jobId = create(key, LARGE);
        UUID job = UUID.fromString(jobId);
        UUID account = TestAccounts.accountOfJob(jobId);
        await().atMost(WAIT).until(() -> shardsOf(jobId).size() == 2);

        send(jobId, ShardCompleted.failed(job, account, shardsOf(jobId).get(0).shardIndex(), "broken"));

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(key).when().get(JOBS + "/" + jobId).then()
                .body("status", equalTo("failed")));
        await().atMost(WAIT).until(() -> KafkaRecords.readAll(Topics.JOB_CANCEL_REQUESTED).stream()
                .anyMatch(record -> jobId.equals(record.key())));
        send(jobId, ShardCompleted.failed(job, account, shardsOf(jobId).get(1).shardIndex(), "broken too"));
        String later = create(key, SMALL);
        await().atMost(WAIT).until(() -> wholeJobs().stream()
                .anyMatch(event -> event.jobId().toString().equals(later)));
        assertThat(shardsOf(jobId)).hasSize(2);
        assertThat(statusChanges(jobId)).containsExactly(JobStatus.SUBMITTED, JobStatus.FAILED);
    }

    @Test
    void cancelling_a_sharded_job_frees_its_accounts_slots() throws Exception {
        String key = TestAccounts.create();
        String first = create(key, LARGE);
        String second = create(key, LARGE);
        await().atMost(WAIT).until(() -> shardsOf(first).size() == 2);
        assertThat(shardsOf(second)).isEmpty();

        given().auth().oauth2(key).when().delete(JOBS + "/" + first).then().statusCode(200)
                .body("status", equalTo("cancelled"));

        await().atMost(WAIT).until(() -> shardsOf(second).size() == 2);
        assertThat(shardsOf(first)).hasSize(2);
    }

    private static JobCompleted.File file(UUID account, UUID job, int shard, int index, long rows) {
        String name = "units_2024-01-01_2024-12-31_shard-%05d%s.csv".formatted(shard,
                index == 1 ? "" : "_part-%05d".formatted(index));
        return new JobCompleted.File(index, "exports/" + account + "/" + job + "/" + name, name, rows, rows * 10,
                "ab".repeat(32));
    }

    private static String create(String key, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).when().post(JOBS)
                .then().statusCode(201).extract().path("job_id");
    }

    private static void send(String jobId, JobEvent event) throws Exception {
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(event));
    }

    private static List<JobEvent> readAll(String topic) {
        return KafkaRecords.readAll(topic).stream().map(ConsumerRecord::value).map(EventCodec::decode).toList();
    }

    /** The work records of jobs of one shard, each handed out as the whole job. */
    private static List<ShardSubmitted> wholeJobs() {
        return readAll(Topics.SHARD_SUBMITTED).stream().map(ShardSubmitted.class::cast)
                .filter(ShardSubmitted::wholeJob).toList();
    }

    /** The shards of the job handed out so far (not the closing record). */
    private static List<ShardSubmitted> shardsOf(String jobId) {
        return readAll(Topics.SHARD_SUBMITTED).stream().map(ShardSubmitted.class::cast)
                .filter(shard -> shard.jobId().toString().equals(jobId) && !shard.closesJob()).toList();
    }

    private static ShardSubmitted closing(String jobId) {
        return readAll(Topics.SHARD_SUBMITTED).stream().map(ShardSubmitted.class::cast)
                .filter(shard -> shard.jobId().toString().equals(jobId) && shard.closesJob()).findFirst().orElse(null);
    }

    private static List<JobStatus> statusChanges(String jobId) {
        return readAll(Topics.JOB_STATUS).stream().filter(event -> event.jobId().toString().equals(jobId))
                .map(event -> ((JobStatusChanged) event).status()).toList();
    }
}
