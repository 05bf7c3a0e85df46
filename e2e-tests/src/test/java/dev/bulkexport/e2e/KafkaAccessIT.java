package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.ExportStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack's broker authenticates every client and grants each service only the ACLs of
 * deploy/base/kafka-users.yaml: every other end-to-end class runs its jobs through it, so the services' rights
 * as deployed are enough for the whole path. Here: those rights are all a service has, and the api-service's
 * dead-letter gauge reads every dead-letter topic with its own.
 */
@ExtendWith(SharedStack.Extension.class)
class KafkaAccessIT {
    private static ExportStack stack;

    @BeforeAll
    static void theStack(SharedStack system) {
        stack = system.stack();
        assumeTrue(stack.kafka().authenticated(), "the broker of this stack does not authenticate (containers stack)");
    }

    @Test
    void a_service_signs_in_as_its_own_user_and_may_not_read_a_topic_its_acls_do_not_name() {
        Map<String, Object> worker = new HashMap<>(Map.of("bootstrap.servers", stack.kafka().bootstrapServers(),
                "group.id", "export-worker-intruder-" + UUID.randomUUID(), "auto.offset.reset", "earliest"));
        worker.putAll(stack.kafka().clientSecurity(ExportStack.WORKER));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(worker, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.JOB_STATUS));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 60; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void the_dead_letter_gauge_reads_every_dead_letter_topic_with_the_api_services_user() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.metricsUrl(ExportStack.API))).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String topic : Topics.ALL) {
                String dlq = "{topic=\"" + topic + ".dlq\"}";
                assertThat(metrics).contains("bulk_export_dead_letters_unreadable" + dlq + " 0.0")
                        .containsPattern("bulk_export_dead_letters\\Q" + dlq + "\\E [0-9]+\\.0\\b");
            }
        });
    }
}
