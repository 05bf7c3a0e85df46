package dev.bulkexport.testsupport;

import dev.bulkexport.common.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running real Kafka broker (KRaft, no ZooKeeper). */
public interface KafkaBroker extends AutoCloseable {
    /** Partitions of every topic in tests and the local run: several jobs run side by side. */
    int PARTITIONS = 4;

    String bootstrapServers();

    /** Creates the system's topics (and their dead-letter topics) if they do not exist yet. */
    default void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String topic : Topics.ALL) {
                for (String name : List.of(topic, topic + ".dlq")) {
                    try {
                        admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + name, e);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
