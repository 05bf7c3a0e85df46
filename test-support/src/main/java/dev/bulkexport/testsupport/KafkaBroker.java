package dev.bulkexport.testsupport;

import dev.bulkexport.common.Topics;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running real Kafka broker (KRaft, no ZooKeeper). */
public interface KafkaBroker extends AutoCloseable {
    /** Partitions of every topic in tests and the local run: several jobs run side by side. */
    int PARTITIONS = 4;

    String bootstrapServers();

    /** Whether the broker authenticates its clients and authorizes their requests by ACLs. */
    default boolean authenticated() {
        return false;
    }

    /** What a client with every right needs: the address, and on an authenticated broker the super user's login. */
    default Map<String, Object> adminConfig() {
        return new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * Adds a user with {@code acls} (an authenticated broker only) and returns its password; a user added before
     * keeps its password and gets the ACLs added.
     */
    default String addUser(String user, Collection<AclBinding> acls) {
        throw new UnsupportedOperationException("this broker does not authenticate");
    }

    /** The password of a user added with {@link #addUser}. */
    default String password(String user) {
        throw new UnsupportedOperationException("this broker does not authenticate");
    }

    /** The client settings (security.protocol, sasl.*) of a user added with {@link #addUser}; none without authentication. */
    default Map<String, String> clientSecurity(String user) {
        return Map.of();
    }

    /** Creates a topic of one partition if it does not exist yet, as the Strimzi topic operator would. */
    default void createTopic(String name) {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the system's topics (and their dead-letter topics) if they do not exist yet, in one request. */
    default void createTopics() {
        try (Admin admin = Admin.create(adminConfig())) {
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
