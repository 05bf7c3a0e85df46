package dev.bulkexport.api.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.InJvmKafkaBroker;
import dev.bulkexport.testsupport.KafkaUsers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dead-letter gauge on a broker that authenticates its clients and authorizes them by ACLs. */
class DeadLetterDepthTest {
    private static InJvmKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = InJvmKafkaBroker.startAuthenticated();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void the_api_services_kafka_user_of_the_manifests_reads_every_dead_letter_topic() throws Exception {
        kafka.addUser("api-service", KafkaUsers.declaredIn(KafkaUsers.SERVICES).get("api-service"));
        String topic = Topics.SHARD_SUBMITTED + ".dlq";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.adminConfig(), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "parked")).get();
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        DeadLetterDepth gauge = new DeadLetterDepth(config("api-service"), registry);
        try {
            awaitMeasured(gauge, registry, topic);
            for (String dlq : DeadLetterDepth.TOPICS) {
                assertThat(unreadable(registry, dlq)).as(dlq + " readable").isZero();
                assertThat(depth(registry, dlq)).as(dlq).isEqualTo(dlq.equals(topic) ? 1.0 : 0.0);
            }
        } finally {
            gauge.onShutdown(null);
        }
    }

    @Test
    void a_dead_letter_topic_the_broker_refuses_to_describe_reads_as_unreadable_not_as_empty() throws Exception {
        String allowed = Topics.WEBHOOK_ATTEMPTS + ".dlq";
        kafka.addUser("dlq-partly", List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, allowed,
                PatternType.LITERAL), new AccessControlEntry("User:dlq-partly", "*", AclOperation.DESCRIBE,
                AclPermissionType.ALLOW))));
        MeterRegistry registry = new SimpleMeterRegistry();
        DeadLetterDepth gauge = new DeadLetterDepth(config("dlq-partly"), registry);
        try {
            String refused = Topics.SHARD_SUBMITTED + ".dlq";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                gauge.measure();
                assertThat(unreadable(registry, refused)).isEqualTo(1.0);
            });
            assertThat(depth(registry, refused)).isNaN();
            assertThat(unreadable(registry, allowed)).isZero();
            assertThat(depth(registry, allowed)).isZero();
        } finally {
            gauge.onShutdown(null);
        }
    }

    /** Until the broker knows the user and its ACLs (moments after they are added), measures again. */
    private static void awaitMeasured(DeadLetterDepth gauge, MeterRegistry registry, String topic) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            gauge.measure();
            assertThat(depth(registry, topic)).isEqualTo(1.0);
        });
    }

    private static Map<String, Object> config(String user) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        config.putAll(kafka.clientSecurity(user));
        return config;
    }

    private static double depth(MeterRegistry registry, String topic) {
        return registry.get("bulk_export.dead.letters").tag("topic", topic).gauge().value();
    }

    private static double unreadable(MeterRegistry registry, String topic) {
        return registry.get("bulk_export.dead.letters.unreadable").tag("topic", topic).gauge().value();
    }
}
