package dev.bulkexport.api.iceberg;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The read-only Iceberg REST catalog of each account's tables ({@code /iceberg}). */
@ConfigMapping(prefix = "export.iceberg")
public interface IcebergConfig {
    /**
     * JDBC connections to PostgreSQL that every catalog request of a replica shares ({@code ICEBERG_CATALOG_CONNECTIONS});
     * a request waits for one when all are busy.
     */
    @WithDefault("2")
    int catalogConnections();

    /**
     * How long one catalog request may take ({@code ICEBERG_REQUEST_TIMEOUT}): its reads of the catalog's rows and of
     * the table's metadata file in the customer's bucket. Beyond it the answer is a 503; each read on its own (a
     * statement, an S3 call) is bounded by it too.
     */
    @WithDefault("20s")
    Duration requestTimeout();
}
