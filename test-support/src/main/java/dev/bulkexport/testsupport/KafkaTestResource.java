package dev.bulkexport.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real KRaft Kafka broker for the {@code @QuarkusTest}s of a module: inside the test JVM, or a container on
 * the containers stack ({@link TestStack}). One broker per test JVM, started by the first application that
 * needs it and stopped when the JVM exits; tests read the records of their own jobs and keys, never a whole
 * topic's count.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrapServers = OnePerJvm.address("kafka", () -> {
            KafkaBroker kafka = TestStack.containers() ? KafkaBrokerContainer.start(null, ExportStack.freePort())
                    : InJvmKafkaBroker.start();
            return new OnePerJvm.Started(kafka.bootstrapServers(), kafka);
        });
        return Map.of("kafka.bootstrap.servers", bootstrapServers);
    }

    /** The broker outlives each application; the JVM's exit stops it. */
    @Override
    public void stop() {
    }
}
