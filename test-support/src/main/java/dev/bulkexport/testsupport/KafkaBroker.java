package dev.bulkexport.testsupport;

import dev.bulkexport.common.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running real Kafka broker (KRaft, no ZooKeeper). */
public interface KafkaBroker extends AutoCloseable {
    /** Partitions of every topic in tests and the local run: several jobs run side by side. */
    int PARTITIONS = 4;

    String bootstrapServers();

    /** Creates the system's topics (and their dead-letter topics) if they do not exist yet, in one request. */
    default void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = Topics.ALL.stream().flatMap(topic -> Stream.of(topic, topic + ".dlq"))
                    .map(name -> new NewTopic(name, PARTITIONS, (short) 1)).toList();
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
