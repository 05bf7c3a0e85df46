package dev.bulkexport.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real KRaft Kafka broker for a {@code @QuarkusTest}: inside the test JVM, or a container on the
 * containers stack ({@link TestStack}).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private KafkaBroker kafka;

    @Override
    public Map<String, String> start() {
        kafka = TestStack.containers() ? KafkaBrokerContainer.start(null, ExportStack.freePort())
                : InJvmKafkaBroker.start();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        try {
            kafka.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
