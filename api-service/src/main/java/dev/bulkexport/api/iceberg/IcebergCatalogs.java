package dev.bulkexport.api.iceberg;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each account's Iceberg catalog: Iceberg's own JdbcCatalog over {@code api.iceberg_tables} and
 * {@code api.iceberg_namespace_properties} (schema version V1, the tables the migrations made), named by the
 * account's id, so that it sees that account's rows only. A catalog is opened per request with the request's
 * FileIO and is never closed (closing it would close the connections every request shares); the FileIO is the
 * caller's to close. Blocking: use it off the event loop.
 */
@ApplicationScoped
class IcebergCatalogs {
    /**
     * JdbcCatalog requires a warehouse; it is where created tables would go, and this catalog creates none (a job's
     * table lives under its destination's prefix).
     */
    private static final String NO_WAREHOUSE = "s3://read-only-catalog-creates-no-tables";

    private final JdbcClientPool connections;
    private final Map<String, String> properties;

    IcebergCatalogs(IcebergConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        String uri = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=api";
        long timeoutSeconds = Math.max(1, config.requestTimeout().toSeconds());
        this.properties = Map.of(
                CatalogProperties.URI, uri,
                CatalogProperties.WAREHOUSE_LOCATION, NO_WAREHOUSE,
                "jdbc.schema-version", "V1",
                "jdbc.init-catalog-tables", "false",
                "jdbc.user", user,
                "jdbc.password", password,
                // Bounded statements and connects (seconds), so that a connection always comes back to the pool.
                "jdbc.connectTimeout", Long.toString(Math.min(10, timeoutSeconds)),
                "jdbc.socketTimeout", Long.toString(timeoutSeconds),
                "jdbc.ApplicationName", "api-service iceberg catalog");
        // Connects lazily, on a request's first statement.
        this.connections = new JdbcClientPool(config.catalogConnections(), uri, properties);
    }

    /** The account's catalog, reading metadata files through {@code io}. */
    JdbcCatalog open(UUID accountId, FileIO io) {
        JdbcCatalog catalog = new JdbcCatalog(props -> io, props -> connections, false);
        catalog.initialize(accountId.toString(), properties);
        return catalog;
    }

    @PreDestroy
    void close() {
        connections.close();
    }
}
