package dev.bulkexport.api;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The api with no Kafka broker behind its bootstrap address (a port nothing listens on): the outbox fills. An
 * application of its own, since no runtime switch takes a broker away; it shares the test JVM's PostgreSQL.
 */
public class NoBrokerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + ExportStack.freePort());
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class));
    }
}
