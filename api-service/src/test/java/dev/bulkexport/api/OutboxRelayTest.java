package dev.bulkexport.api;

import static dev.bulkexport.testsupport.JobRequests.aJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.common.Topics;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The relay publishes on wake-ups alone: here the scheduled round comes only once an hour. */
@QuarkusTest
@TestProfile(OutboxRelayTest.WakeUpsOnly.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class OutboxRelayTest {

    public static class WakeUpsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outbox.poll-interval", "1h");
        }
    }

    @Test
    void events_committed_while_a_relay_round_runs_are_published_without_waiting_for_the_scheduled_round()
            throws Exception {
        String key = TestAccounts.create();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<String> jobIds = new ArrayList<>();
        try {
            // Creates from 8 clients at once: most wake-ups arrive while a round publishes earlier rows.
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                created.add(clients.submit(() -> given().auth().oauth2(key).contentType(ContentType.JSON)
                        .body(aJob().json())
                        .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().<String>path("job_id")));
            }
            for (Future<String> job : created) {
                jobIds.add(job.get(60, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(KafkaRecords.readAll(Topics.SHARD_SUBMITTED).stream().map(ConsumerRecord::key).toList())
                        .containsAll(jobIds));
    }
}
