package dev.bulkexport.testsupport;

import dev.bulkexport.propertydata.DemoData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real PostgreSQL with the demo property data for a {@code @QuarkusTest}. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        postgres = PostgresServer.start(null, 0);
        DemoData.ensureLoaded(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
