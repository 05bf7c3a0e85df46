package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

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
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * One account cannot queue unbounded work: a cap of unfinished jobs (here an account's own, of three), and a cap
 * of property-days per job.
 */
@QuarkusTest
class FairnessTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String BODY = """
            {"report_type":"units","output_format":"parquet","start_date":"2024-01-01","end_date":"2024-12-31",
             "property_ids":[1,2,3]}""";

    @Inject
    JobConfig config;

    /** No worker runs in this test, so every created job stays unfinished. */
    private static String accountWithACapOfThree() throws Exception {
        return TestAccounts.withCaps(3, TestAccounts.OUT_OF_REACH);
    }

    @Test
    void a_create_beyond_the_accounts_unfinished_cap_is_a_429_naming_the_cap() throws Exception {
        String key = accountWithACapOfThree();
        for (int i = 0; i < 3; i++) {
            create(key).then().statusCode(201);
        }

        create(key).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", String.valueOf(config.unfinishedRetryAfter().toSeconds()))
                .body("max_unfinished_jobs", equalTo(3))
                .body("message", containsString("max_unfinished_jobs = 3"));
    }

    @Test
    void cancelling_an_unfinished_job_makes_room_for_another() throws Exception {
        String key = accountWithACapOfThree();
        String first = create(key).then().statusCode(201).extract().path("job_id");
        create(key).then().statusCode(201);
        create(key).then().statusCode(201);
        create(key).then().statusCode(429);

        given().auth().oauth2(key).when().delete(JOBS + "/" + first).then().statusCode(200);

        create(key).then().statusCode(201);
    }

    @Test
    void one_accounts_backlog_does_not_refuse_another_accounts_jobs() throws Exception {
        String busy = accountWithACapOfThree();
        for (int i = 0; i < 4; i++) {
            create(busy);
        }
        create(busy).then().statusCode(429);

        create(accountWithACapOfThree()).then().statusCode(201);
    }

    @Test
    void a_job_over_the_property_days_cap_is_a_400_naming_property_ids() throws Exception {
        String ids = LongStream.rangeClosed(1, 1000).mapToObj(Long::toString).collect(Collectors.joining(","));
        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"units","output_format":"csv","start_date":"2022-01-01","end_date":"2024-09-27",
                         "property_ids":[%s]}""".formatted(ids))
                .when().post(JOBS)
                .then().statusCode(400)
                .body("message", containsString("property_ids times the days from start_date to end_date must be at"
                        + " most 1000000 property-days; this job asks for 1001000"));
    }

    @Test
    void redeliveries_of_one_job_beyond_the_hourly_limit_are_a_429_with_retry_after() throws Exception {
        String key = TestAccounts.create();
        String jobId = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(BODY.replace("]}", "],\"callback_url\":\"https://93.184.216.34/hook\"}"))
                .when().post(JOBS).then().statusCode(201).extract().path("job_id");
        UUID job = UUID.fromString(jobId);
        JobCompleted failed = JobCompleted.failed(job, TestAccounts.accountOfJob(jobId), "x");
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(failed));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(key)
                .when().get(JOBS + "/" + jobId).then().body("status", equalTo("failed")));

        for (int i = 0; i < config.redeliveriesPerHour(); i++) {
            given().auth().oauth2(key).when().post(JOBS + "/" + jobId + "/webhook/redeliver").then().statusCode(202);
        }
        given().auth().oauth2(key).when().post(JOBS + "/" + jobId + "/webhook/redeliver")
                .then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("message", containsString("at most " + config.redeliveriesPerHour() + " times an hour"));
    }

    private static io.restassured.response.Response create(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(BODY).when().post(JOBS);
    }
}
