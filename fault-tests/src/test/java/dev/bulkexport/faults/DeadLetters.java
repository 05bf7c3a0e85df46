package dev.bulkexport.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/** The broker's dead-letter topics ({@code <topic>.dlq}), read as an operator would. */
final class DeadLetters {
    private static final String SUFFIX = ".dlq";

    private DeadLetters() {
    }

    /**
     * Of {@code topics}, those whose dead-letter topic holds a record keyed {@code key}: one consumer reads all of
     * them from the start until it has found each, or {@code within} ran out (then it answers what it found).
     */
    static List<String> holding(String bootstrapServers, List<String> topics, String key, Duration within) {
        Set<String> found = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "fault-suite-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(topics.stream().map(topic -> topic + SUFFIX).toList());
            await().atMost(within).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record.topic().substring(0, record.topic().length() - SUFFIX.length()));
                    }
                });
                return found.containsAll(topics);
            });
        } catch (ConditionTimeoutException e) {
            System.out.println("[faults] dead letters keyed " + key + " not all found within " + within);
        }
        return topics.stream().filter(found::contains).toList();
    }
}
