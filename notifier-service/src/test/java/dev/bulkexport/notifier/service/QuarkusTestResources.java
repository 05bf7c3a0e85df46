package dev.bulkexport.notifier.service;

import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real PostgreSQL and Kafka broker of every {@code @QuarkusTest} of the notifier. Declared once and not
 * restricted to a class, they are global test resources: every test class gets the same set, so Quarkus boots
 * the notifier once for all of them (and once more for a test profile, e.g. one without a broker).
 */
@QuarkusTestResource(value = PostgresTestResource.class, parallel = true)
@QuarkusTestResource(value = KafkaTestResource.class, parallel = true)
final class QuarkusTestResources {
    private QuarkusTestResources() {
    }
}
