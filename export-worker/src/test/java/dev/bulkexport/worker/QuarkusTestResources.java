package dev.bulkexport.worker;

import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real PostgreSQL, Kafka broker and S3Proxy of every {@code @QuarkusTest} of the worker. Declared once and
 * not restricted to a class, they are global test resources: every test class gets the same set, so Quarkus
 * boots the worker once for all of them.
 */
@QuarkusTestResource(value = PostgresTestResource.class, parallel = true)
@QuarkusTestResource(value = KafkaTestResource.class, parallel = true)
@QuarkusTestResource(value = S3ProxyTestResource.class, parallel = true)
final class QuarkusTestResources {
    private QuarkusTestResources() {
    }
}
