package dev.bulkexport.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real single-node KRaft broker in a container (Testcontainers), configured as the apache/kafka image is.
 * It listens on the same port inside and out (127.0.0.1:{@code port}), so the advertised address holds for
 * host clients and for the broker itself; with {@code dir} its log directory survives restarts.
 */
public final class KafkaBrokerContainer implements KafkaBroker {
    private final GenericContainer<?> container;
    private final int port;

    private KafkaBrokerContainer(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    public static KafkaBrokerContainer start(Path dir, int port) {
        GenericContainer<?> container = new GenericContainer<>(TestStack.kafkaImage())
                .withEnv(Map.ofEntries(
                        Map.entry("KAFKA_NODE_ID", "1"),
                        Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
                        Map.entry("KAFKA_LISTENERS", "PLAINTEXT://0.0.0.0:" + port + ",CONTROLLER://127.0.0.1:9093"),
                        Map.entry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + port),
                        Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                        Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                        Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:9093"),
                        Map.entry("KAFKA_LOG_DIRS", "/var/lib/kafka/data"),
                        Map.entry("KAFKA_NUM_PARTITIONS", String.valueOf(PARTITIONS)),
                        Map.entry("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1"),
                        Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
                        Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"),
                        Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"),
                        Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"),
                        Map.entry("KAFKA_BROKER_SESSION_TIMEOUT_MS", "3000"),
                        Map.entry("KAFKA_BROKER_HEARTBEAT_INTERVAL_MS", "500"),
                        Map.entry("KAFKA_HEAP_OPTS", "-Xmx512m")))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        if (dir != null) {
            container.withFileSystemBind(TestStack.writableDirectory(dir.resolve("data")), "/var/lib/kafka/data");
        }
        TestStack.onLoopback(container, port, port);
        container.start();
        KafkaBrokerContainer broker = new KafkaBrokerContainer(container, port);
        broker.createTopics();
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        container.stop();
    }
}
