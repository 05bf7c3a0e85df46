package dev.bulkexport.api;

import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real PostgreSQL and Kafka broker of every {@code @QuarkusTest} of the api, started side by side. Declared
 * once and not restricted to a class, they are global test resources: every test class gets the same set, so
 * Quarkus boots the api once for all of them, and once more for {@link NoBrokerProfile}. Tests keep apart through accounts of their own
 * ({@link TestAccounts}) and read only their own jobs' records.
 */
@QuarkusTestResource(value = PostgresTestResource.class, parallel = true)
@QuarkusTestResource(value = KafkaTestResource.class, parallel = true)
final class QuarkusTestResources {
    private QuarkusTestResources() {
    }
}
