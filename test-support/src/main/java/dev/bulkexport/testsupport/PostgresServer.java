package dev.bulkexport.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL server on loopback; user, password and database are all {@code postgres}. PostgreSQL 17
 * from embedded binaries, or (with {@code -Dstack=containers}, {@link TestStack}) a container.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final AutoCloseable server;
    private final int port;

    private PostgresServer(AutoCloseable server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server whose data lives in {@code dataDirectory} (kept across restarts), or in a temporary one. */
    public static PostgresServer start(Path dataDirectory, int port) {
        if (TestStack.containers()) {
            int hostPort = port > 0 ? port : ExportStack.freePort();
            return new PostgresServer(PostgresContainer.start(dataDirectory, hostPort), hostPort);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            return new PostgresServer(postgres, postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    public String reactiveUrl() {
        return reactiveUrl(port);
    }

    /** The JDBC URL of the server on 127.0.0.1:{@code port}. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The reactive client's URL of the server on 127.0.0.1:{@code port}. */
    public static String reactiveUrl(int port) {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
