package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.api.job.JobConfig;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.testsupport.KafkaRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A redelivery is counted against its job's hourly limit only once the caller's own job may be redelivered. */
@QuarkusTest
class WebhookRedeliveryTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String BODY = """
            {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
             "property_ids":[1,2],"callback_url":"https://93.184.216.34/hook"}""";

    @Inject
    JobConfig config;

    @Test
    void another_accounts_job_or_an_unfinished_one_spends_no_redelivery_and_a_foreign_id_reveals_nothing()
            throws Exception {
        String owner = TestAccounts.create();
        String jobId = failedJob(owner);
        String unfinished = given().auth().oauth2(owner).contentType(ContentType.JSON).body(BODY).post(JOBS)
                .then().statusCode(201).extract().path("job_id");

        String other = TestAccounts.create();
        String unknown = UUID.randomUUID().toString();
        for (int i = 0; i <= config.redeliveriesPerHour(); i++) {
            String foreign = redeliver(other, jobId).then().statusCode(404).extract().asString();
            String none = redeliver(other, unknown).then().statusCode(404).extract().asString();
            assertThat(foreign.replace(jobId, unknown)).isEqualTo(none);
            redeliver(owner, unfinished).then().statusCode(409);
        }

        for (int i = 0; i < config.redeliveriesPerHour(); i++) {
            redeliver(owner, jobId).then().statusCode(202);
        }
        redeliver(owner, jobId).then().statusCode(429);
        redeliver(other, jobId).then().statusCode(404);
    }

    private static io.restassured.response.Response redeliver(String key, String jobId) {
        return given().auth().oauth2(key).when().post(JOBS + "/" + jobId + "/webhook/redeliver");
    }

    /** A job with a callback, failed by a worker update: its outcome webhook may be redelivered. */
    private static String failedJob(String key) throws Exception {
        String jobId = given().auth().oauth2(key).contentType(ContentType.JSON).body(BODY).post(JOBS)
                .then().statusCode(201).extract().path("job_id");
        JobCompleted failed = JobCompleted.failed(UUID.fromString(jobId), TestAccounts.accountOfJob(jobId), "x");
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(failed));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(key)
                .when().get(JOBS + "/" + jobId).then().body("status", equalTo("failed")));
        return jobId;
    }
}
