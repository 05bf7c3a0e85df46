package dev.bulkexport.testsupport;

import dev.bulkexport.propertydata.DemoData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real PostgreSQL with the demo property data and the services' own logins ({@link ServiceRoles}) for the
 * {@code @QuarkusTest}s of a module: one server per test
 * JVM, started by the first application that needs it and stopped when the JVM exits, so every application
 * Quarkus boots (one per test profile) shares the database. Tests keep apart through accounts and ids of their
 * own, not through a database of their own.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port = Integer.parseInt(OnePerJvm.address("postgres", () -> {
            PostgresServer postgres = PostgresServer.start(null, 0);
            DemoData.ensureLoaded(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
            ServiceRoles.create(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
            return new OnePerJvm.Started(String.valueOf(postgres.port()), postgres);
        }));
        return Map.of(
                "quarkus.datasource.jdbc.url", PostgresServer.jdbcUrl(port),
                "quarkus.datasource.reactive.url", PostgresServer.reactiveUrl(port),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    /** The server outlives each application; the JVM's exit stops it. */
    @Override
    public void stop() {
    }
}
