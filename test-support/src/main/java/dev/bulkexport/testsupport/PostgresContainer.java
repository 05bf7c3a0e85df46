package dev.bulkexport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a container (Testcontainers), with the same user, password and database as the embedded one. */
final class PostgresContainer implements AutoCloseable {
    private final PostgreSQLContainer container;

    private PostgresContainer(PostgreSQLContainer container) {
        this.container = container;
    }

    /** Starts it on 127.0.0.1:{@code port}; with {@code dataDirectory} its data lives there across restarts. */
    static PostgresContainer start(Path dataDirectory, int port) {
        PostgreSQLContainer container = new PostgreSQLContainer(TestStack.postgresImage())
                .withUsername(PostgresServer.USER).withPassword(PostgresServer.PASSWORD)
                .withDatabaseName(PostgresServer.DATABASE)
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
        boolean initialised = false;
        if (dataDirectory != null) {
            initialised = Files.exists(dataDirectory.resolve("PG_VERSION"));
            container.withFileSystemBind(TestStack.writableDirectory(dataDirectory), "/var/lib/postgresql/data");
        }
        // A first start logs "ready" twice (the init server, then the real one); a restart once.
        container.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s",
                initialised ? 1 : 2));
        TestStack.onLoopback(container, port, PostgreSQLContainer.POSTGRESQL_PORT);
        container.start();
        return new PostgresContainer(container);
    }

    @Override
    public void close() {
        container.stop();
    }
}
