package dev.bulkexport.api;


import static dev.bulkexport.testsupport.JobRequests.aJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Cancels that meet a worker's updates of the same job, as a user's DELETE does right after a job starts. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class JobConcurrencyTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";

    @Test
    void a_cancel_racing_worker_updates_is_cancelled_or_409_when_the_job_finished_first_never_a_500() throws Exception {
        String key = TestAccounts.create();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(given().auth().oauth2(key).contentType(ContentType.JSON)
                    .body(aJob().of("units", "parquet").from("2024-01-01", "2024-12-31").properties(1, 2, 4, 5).json())
                    .post(JOBS).then().statusCode(201).extract().<String>path("job_id"));
        }
        Map<String, Integer> cancelStatus = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                String job = jobs.get(i);
                boolean finishes = i % 3 == 0;
                running.add(threads.submit(() -> {
                    workerUpdates(job, finishes);
                    return null;
                }));
                running.add(threads.submit(() -> {
                    Response response = given().auth().oauth2(key).delete(JOBS + "/" + job);
                    cancelStatus.put(job, response.statusCode());
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(cancelStatus.values()).as("every cancel answered 200 or 409").allMatch(s -> s == 200 || s == 409);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String job : jobs) {
                String status = given().auth().oauth2(key).get(JOBS + "/" + job).then().statusCode(200)
                        .extract().path("status");
                assertThat(status).as(job).isEqualTo(cancelStatus.get(job) == 200 ? "cancelled" : "succeeded");
            }
        });
        List<String> deadLettered = KafkaRecords.readAll(Topics.WORKER_UPDATES + ".dlq").stream()
                .map(ConsumerRecord::key).toList();
        assertThat(deadLettered).as("no worker update was dead-lettered").doesNotContainAnyElementsOf(jobs);
    }

    /** A worker starting the job and reporting progress quickly; one in three also finishes it. */
    private static void workerUpdates(String job, boolean finishes) throws Exception {
        UUID jobId = UUID.fromString(job);
        UUID accountId = accountOf(jobId);
        KafkaRecords.send(Topics.WORKER_UPDATES, job, EventCodec.encode(JobStarted.of(jobId, accountId, "race")));
        for (int rows = 1; rows <= 6; rows++) {
            KafkaRecords.send(Topics.WORKER_UPDATES, job,
                    EventCodec.encode(JobProgressed.of(jobId, accountId, rows * 1000L, 0, 4)));
        }
        if (finishes) {
            KafkaRecords.send(Topics.WORKER_UPDATES, job, EventCodec.encode(JobCompleted.succeeded(jobId, accountId,
                    6000, 1234, "ab".repeat(32), "exports/" + accountId + "/" + job + "/units.parquet", "units.parquet")));
        }
    }

    private static UUID accountOf(UUID job) throws Exception {
        try (Connection connection = TestAccounts.connect();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT account_id FROM api.jobs WHERE id = '" + job + "'")) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }
}
