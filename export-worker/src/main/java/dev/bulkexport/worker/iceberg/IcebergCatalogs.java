package dev.bulkexport.worker.iceberg;

import dev.bulkexport.common.events.ExportDestination;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The accounts' Iceberg catalogs: Iceberg's JdbcCatalog on the api schema's {@code iceberg_tables} (schema version
 * V1, created by the api-service's migrations, never by the worker), one catalog per account (its name is the
 * account id), reached with the worker's own database login through a small pool of connections shared by every
 * commit. Files go through S3FileIO over the destination's client, so the destination's SSRF guard and timeouts
 * apply to Iceberg's requests as to ours.
 */
@ApplicationScoped
public class IcebergCatalogs {
    private static final int CONNECTIONS = 2;

    private final Map<String, String> properties;
    private final JdbcClientPool connections;

    public IcebergCatalogs(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.properties = Map.of(CatalogProperties.URI, inApiSchema(url), "jdbc.user", user, "jdbc.password", password,
                "jdbc.schema-version", "V1", "jdbc.init-catalog-tables", "false",
                CatalogProperties.CLIENT_POOL_SIZE, String.valueOf(CONNECTIONS));
        this.connections = new JdbcClientPool(CONNECTIONS, properties.get(CatalogProperties.URI), properties);
    }

    /** The account's catalog writing through {@code s3}, the destination's client; the caller closes its FileIO. */
    AccountCatalog open(UUID account, ExportDestination destination, S3FileIO io) {
        AccountCatalog catalog = new AccountCatalog(io, connections);
        Map<String, String> props = new HashMap<>(properties);
        props.put(CatalogProperties.WAREHOUSE_LOCATION, IcebergLocation.warehouse(destination));
        catalog.initialize(account.toString(), props);
        return catalog;
    }

    /**
     * S3FileIO over the destination's client (closing it leaves the client open: the job's target owns it). Its
     * asynchronous client is for features the worker leaves off (the analytics accelerator); given none, S3FileIO
     * would build a client of its own from the environment, unguarded. It is not initialised: that only swaps its
     * null metrics for Hadoop's, which are absent (a warning per commit).
     */
    public static S3FileIO fileIo(S3Client s3) {
        S3Client kept = new DelegatingS3Client(s3) {
            @Override
            public void close() {
                // the job's target closes it
            }
        };
        return new S3FileIO(() -> kept, () -> {
            throw new UnsupportedOperationException("the worker's S3FileIO has no asynchronous client");
        });
    }

    @PreDestroy
    void close() {
        connections.close();
    }

    /** The JDBC URL with the api schema first on the search path, where the catalog's tables are. */
    static String inApiSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=api";
    }
}
