package dev.bulkexport.api.iceberg;

import dev.bulkexport.api.destination.DestinationService;
import dev.bulkexport.common.events.ExportDestination;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/**
 * Reads of an account's Iceberg catalog with Iceberg's own handlers (CatalogHandlers) over its JdbcCatalog. Loading
 * a table reads its metadata file from the account's destination that holds it, with that destination's
 * credentials. Every read runs on a worker thread, within {@code export.iceberg.request-timeout}.
 */
@ApplicationScoped
public class IcebergCatalogService {
    /** What the catalog serves, as its config answer tells clients: reads only. */
    static final List<Endpoint> ENDPOINTS = List.of(Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE,
            Endpoint.V1_NAMESPACE_EXISTS, Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE, Endpoint.V1_TABLE_EXISTS);

    private final IcebergCatalogs catalogs;
    private final DestinationService destinations;
    private final Duration timeout;

    IcebergCatalogService(IcebergCatalogs catalogs, DestinationService destinations, IcebergConfig config) {
        this.catalogs = catalogs;
        this.destinations = destinations;
        this.timeout = config.requestTimeout();
    }

    public ConfigResponse config() {
        return ConfigResponse.builder().withEndpoints(ENDPOINTS).build();
    }

    /** Top-level namespaces, or those under {@code parent}; a page of them when {@code pageSize} is given. */
    public Uni<ListNamespacesResponse> listNamespaces(UUID accountId, Namespace parent, String pageToken,
            String pageSize) {
        return read(accountId, List.of(), catalog -> pageSize == null ? CatalogHandlers.listNamespaces(catalog, parent)
                : CatalogHandlers.listNamespaces(catalog, parent, pageToken, pageSize));
    }

    public Uni<GetNamespaceResponse> loadNamespace(UUID accountId, Namespace namespace) {
        return read(accountId, List.of(), catalog -> CatalogHandlers.loadNamespace(catalog, namespace));
    }

    public Uni<Void> namespaceExists(UUID accountId, Namespace namespace) {
        return read(accountId, List.of(), catalog -> {
            CatalogHandlers.namespaceExists(catalog, namespace);
            return null;
        });
    }

    public Uni<ListTablesResponse> listTables(UUID accountId, Namespace namespace, String pageToken, String pageSize) {
        return read(accountId, List.of(), catalog -> pageSize == null ? CatalogHandlers.listTables(catalog, namespace)
                : CatalogHandlers.listTables(catalog, namespace, pageToken, pageSize));
    }

    public Uni<LoadTableResponse> loadTable(UUID accountId, TableIdentifier table, SnapshotMode snapshots) {
        return destinations.all(accountId).chain(found -> read(accountId, found,
                catalog -> CatalogHandlers.loadTable(catalog, table, snapshots)));
    }

    /** Whether the table exists: as Iceberg's catalogs answer it, by loading it. */
    public Uni<Void> tableExists(UUID accountId, TableIdentifier table) {
        return destinations.all(accountId).chain(found -> read(accountId, found, catalog -> {
            CatalogHandlers.tableExists(catalog, table);
            return null;
        }));
    }

    /** {@code work} on the account's catalog, reading metadata files from {@code holders}; on a worker thread. */
    private <T> Uni<T> read(UUID accountId, List<ExportDestination> holders, Function<JdbcCatalog, T> work) {
        return Uni.createFrom().item(() -> {
            try (DestinationFileIO io = new DestinationFileIO(holders,
                    destination -> destinations.client(accountId, destination, timeout))) {
                return work.apply(catalogs.open(accountId, io));
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout).failWith(() -> new ServiceUnavailableException(
                        "The catalog did not answer within %s s; retry", timeout.toSeconds()));
    }
}
