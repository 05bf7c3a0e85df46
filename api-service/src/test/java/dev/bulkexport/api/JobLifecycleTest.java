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
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class JobLifecycleTest {
    static final String KEY = "pbe_test_key_for_api_service_tests";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void a_created_job_is_published_as_its_one_shard_keyed_by_job_id_with_cloudevents_headers() {
        String jobId = createJob();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ConsumerRecord<String, String> record = KafkaRecords.readAll(Topics.SHARD_SUBMITTED).stream()
                    .filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
            ShardSubmitted event = (ShardSubmitted) EventCodec.decode(record.value());
            assertThat(event.jobId()).hasToString(jobId);
            assertThat(event.wholeJob()).isTrue();
            assertThat(event.spec().propertyIds()).containsExactly(3L, 4L);
            assertThat(event.spec().startDate()).isEqualTo(LocalDate.of(2024, 1, 1));
            assertThat(header(record, "ce_id")).isEqualTo(event.eventId().toString());
            assertThat(header(record, "ce_type")).isEqualTo("dev.bulkexport.ShardSubmitted");
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        });
    }

    @Test
    void worker_updates_apply_once_a_poison_record_is_parked_and_a_terminal_job_never_changes() throws Exception {
        String jobId = createJob();
        UUID job = UUID.fromString(jobId);
        UUID account = accountOf(jobId);
        JobCompleted succeeded = JobCompleted.succeeded(job, account, 42, 1234, "ab".repeat(32),
                "exports/" + account + "/" + jobId + "/property_2024-01-01_2024-01-31.csv",
                "property_2024-01-01_2024-01-31.csv");
        JobCompleted lateFailure = JobCompleted.failed(job, account, "too late");

        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(JobStarted.of(job, account, "w1")));
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(succeeded));
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(succeeded));
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, "{not json");
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(lateFailure));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventApplied(lateFailure.eventId()));
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("error_message", equalTo(null))
                .body("result.row_count", equalTo(42))
                .body("result.sha256", equalTo("ab".repeat(32)))
                .body("result.file_name", equalTo("property_2024-01-01_2024-01-31.csv"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JobStatus> statuses = KafkaRecords.readAll(Topics.JOB_STATUS).stream()
                    .filter(r -> jobId.equals(r.key()))
                    .map(r -> ((JobStatusChanged) EventCodec.decode(r.value())).status())
                    .toList();
            assertThat(statuses).containsExactly(JobStatus.SUBMITTED, JobStatus.SUCCEEDED);
        });
        assertThat(KafkaRecords.readAll(Topics.WORKER_UPDATES + ".dlq"))
                .anySatisfy(poison -> assertThat(poison.value()).isEqualTo("{not json"));
        given().auth().oauth2(KEY).redirects().follow(false)
                .when().get("/api/v1/bulk_api/jobs/" + jobId + "/results")
                .then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.containsString("X-Amz-Expires=604800"));
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(200)
                .body("row_count", equalTo(42))
                .body("files.file_name", org.hamcrest.Matchers.contains("property_2024-01-01_2024-01-31.csv"))
                .body("files[0].row_count", equalTo(42))
                .body("files[0].url", org.hamcrest.Matchers.containsString("X-Amz-Expires=604800"));
    }

    @Test
    void the_metrics_endpoint_counts_the_records_of_each_dead_letter_topic() throws Exception {
        String topic = Topics.WEBHOOK_ATTEMPTS + ".dlq";
        KafkaRecords.send(Topics.WEBHOOK_ATTEMPTS, UUID.randomUUID().toString(), "{not an attempt");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int parked = KafkaRecords.readAll(topic).size();
            assertThat(parked).isPositive();
            assertThat(metrics())
                    .contains("bulk_export_dead_letters{topic=\"" + topic + "\"} " + parked + ".0");
        });
        assertThat(metrics())
                .contains("bulk_export_dead_letters{topic=\"" + Topics.WEBHOOK_REDELIVERY_REQUESTED + ".dlq\"} 0.0");
    }

    private String metrics() {
        return given().baseUri(management.toString()).get("metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void a_failed_job_gives_back_the_quota_it_newly_consumed() throws Exception {
        String key = TestAccounts.create();
        String jobId = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[11,12,13]}""")
                .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id");
        assertThat(consumed(key)).isEqualTo(3);

        JobCompleted failed = JobCompleted.failed(UUID.fromString(jobId), accountOf(jobId),
                "The export could not be built");
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(failed));

        await().atMost(Duration.ofSeconds(30)).until(() -> consumed(key) == 0);
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then()
                .body("status", equalTo("failed"))
                .body("error_message", equalTo("The export could not be built"));
    }

    private static int consumed(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"units","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[1]}""")
                .post("/api/v1/bulk_api/jobs/quota_impact").then().statusCode(200).extract().path("consumed_quota");
    }

    /** A record is not trusted for its job id alone: account, object key and file name must be the job's. */
    @Test
    void a_worker_update_of_another_account_or_pointing_outside_the_jobs_prefix_is_never_applied() throws Exception {
        String jobId = createJob();
        UUID job = UUID.fromString(jobId);
        UUID account = accountOf(jobId);
        UUID stranger = UUID.randomUUID();
        String file = "property_2024-01-01_2024-01-31.csv";
        List<JobEvent> forged = List.of(
                JobStarted.of(job, stranger, "w1"),
                JobCompleted.failed(job, stranger, "forged"),
                JobCompleted.succeeded(job, stranger, 1, 1, "ab".repeat(32), "exports/" + stranger + "/" + jobId + "/"
                        + file, file),
                JobCompleted.succeeded(job, account, 1, 1, "ab".repeat(32), "exports/" + stranger + "/" + jobId + "/"
                        + file, file),
                JobCompleted.succeeded(job, account, 1, 1, "ab".repeat(32), "exports/" + account + "/" + jobId
                        + "/../../" + stranger + "/x/" + file, file),
                JobCompleted.succeeded(job, account, 1, 1, "ab".repeat(32), "exports/" + account + "/" + jobId
                        + "/units_2024-01-01_2024-01-31.csv", "units_2024-01-01_2024-01-31.csv"),
                JobCompleted.succeeded(job, account, 1, 1, "ab".repeat(32), "exports/" + account + "/" + jobId
                        + "/property_2024-01-01_2024-01-31.csv/../x", "property_2024-01-01_2024-01-31.csv/../x"));
        for (JobEvent event : forged) {
            KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(event));
        }
        JobProgressed genuine = JobProgressed.of(job, account, 7, 1, 2);
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(genuine));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventApplied(genuine.eventId()));
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("submitted"))
                .body("started_at", equalTo(null))
                .body("result", equalTo(null))
                .body("progress.rows_written", equalTo(7));
    }

    @Test
    void a_job_of_several_files_shows_them_in_its_manifest_to_its_own_account_only() throws Exception {
        String jobId = given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"units","output_format":"jsonl","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[3,4],"compression":"zstd",
                         "fields":["unit_id","date","asking_rent"],"max_file_size_mb":5}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201)
                .body("compression", equalTo("zstd"))
                .body("fields", org.hamcrest.Matchers.contains("unit_id", "date", "asking_rent"))
                .body("max_file_size_mb", equalTo(5))
                .extract().path("job_id");
        UUID job = UUID.fromString(jobId);
        UUID account = accountOf(jobId);
        String folder = "exports/" + account + "/" + jobId + "/";
        List<JobCompleted.File> files = List.of(
                new JobCompleted.File(1, folder + "units_2024-01-01_2024-01-31.jsonl.zst",
                        "units_2024-01-01_2024-01-31.jsonl.zst", 100, 5_000_000, "a1".repeat(32)),
                new JobCompleted.File(2, folder + "units_2024-01-01_2024-01-31_part-00002.jsonl.zst",
                        "units_2024-01-01_2024-01-31_part-00002.jsonl.zst", 40, 2_000_000, "b2".repeat(32)));
        JobCompleted.File manifest = new JobCompleted.File(0, folder + "units_2024-01-01_2024-01-31_manifest.json",
                "units_2024-01-01_2024-01-31_manifest.json", 0, 600, "c3".repeat(32));
        List<JobCompleted.File> gzipNamed = List.of(new JobCompleted.File(1, folder
                + "units_2024-01-01_2024-01-31.jsonl.gz", "units_2024-01-01_2024-01-31.jsonl.gz", 1, 1, "d4".repeat(32)));
        // Refused: a file named for another compression, and a second file outside the job's folder.
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(
                JobCompleted.succeeded(job, account, gzipNamed, manifest)));
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(JobCompleted.succeeded(job, account,
                List.of(files.get(0), new JobCompleted.File(2, "exports/" + account + "/x/" + files.get(1).fileName(),
                        files.get(1).fileName(), 1, 1, "e5".repeat(32))), manifest)));
        JobCompleted succeeded = JobCompleted.succeeded(job, account, files, manifest);
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(succeeded));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventApplied(succeeded.eventId()));
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("result.file_count", equalTo(2))
                .body("result.row_count", equalTo(140))
                .body("result.file_size_bytes", equalTo(7_000_000))
                .body("result.file_name", equalTo("units_2024-01-01_2024-01-31_manifest.json"));
        given().auth().oauth2(KEY).redirects().follow(false)
                .when().get("/api/v1/bulk_api/jobs/" + jobId + "/results")
                .then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.containsString("units_2024-01-01_2024-01-31_manifest.json"));
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(200)
                .body("job_id", equalTo(jobId))
                .body("row_count", equalTo(140))
                .body("file_size_bytes", equalTo(7_000_000))
                .body("files.index", org.hamcrest.Matchers.contains(1, 2))
                .body("files.file_name", org.hamcrest.Matchers.contains(files.get(0).fileName(), files.get(1).fileName()))
                .body("files.sha256", org.hamcrest.Matchers.contains("a1".repeat(32), "b2".repeat(32)))
                .body("files[1].url", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("_part-00002.jsonl.zst"),
                        org.hamcrest.Matchers.containsString("X-Amz-Expires=604800")));
        String stranger = TestAccounts.create();
        given().auth().oauth2(stranger).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(404);
    }

    @Test
    void the_manifest_of_a_job_that_has_not_succeeded_is_a_409() {
        String jobId = createJob();
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(409);
    }

    @Test
    void results_of_a_job_that_has_not_succeeded_are_a_409() {
        String jobId = createJob();
        given().auth().oauth2(KEY).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("error", equalTo("Conflict"));
    }

    private static String createJob() {
        return given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[3,4,3]}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201)
                .extract().path("job_id");
    }

    private UUID accountOf(String jobId) throws Exception {
        return query("SELECT account_id FROM api.jobs WHERE id = '" + UUID.fromString(jobId) + "'", UUID.class);
    }

    private boolean eventApplied(UUID eventId) throws Exception {
        return query("SELECT count(*) FROM api.processed_events WHERE event_id = '" + eventId + "'", Long.class) == 1;
    }

    private <T> T query(String sql, Class<T> type) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1, type);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
