package dev.bulkexport.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real KRaft Kafka broker, inside the test JVM, for a {@code @QuarkusTest}. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private InJvmKafkaBroker kafka;

    @Override
    public Map<String, String> start() {
        kafka = InJvmKafkaBroker.start();
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
