package dev.bulkexport.api.iceberg;

import dev.bulkexport.api.platform.CurrentCaller;
import dev.bulkexport.api.platform.Permission;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.RESTUtil;

/**
 * The Iceberg REST catalog protocol, read-only, over the calling account's tables: a client's {@code uri} is
 * {@code http(s)://host/iceberg} and its {@code token} the account's API key (exports:read). Not part of the
 * ApartmentIQ-compatible API, so not in its OpenAPI document (mp.openapi.scan.exclude.packages); Iceberg's own
 * spec describes it. Anything that would write is refused with a 403 after authentication.
 */
@Path("/iceberg")
public class IcebergCatalogResource {
    /** How the spec's clients join the levels of a namespace in a path segment, percent-encoded (0x1F). */
    private static final String LEVELS = "%1F";

    private final IcebergCatalogService catalog;
    private final CurrentCaller caller;

    public IcebergCatalogResource(IcebergCatalogService catalog, CurrentCaller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    @Path("v1/config")
    public Uni<Response> config() {
        return answer(account -> Uni.createFrom().item(catalog.config()).map(IcebergJson::ok));
    }

    @GET
    @Path("v1/namespaces")
    public Uni<Response> listNamespaces(@QueryParam("parent") String parent, @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        return answer(account -> catalog.listNamespaces(account,
                parent == null || parent.isEmpty() ? Namespace.empty() : RESTUtil.namespaceFromQueryParam(parent),
                pageToken, pageSize).map(IcebergJson::ok));
    }

    @GET
    @Path("v1/namespaces/{namespace}")
    public Uni<Response> loadNamespace(@Encoded @PathParam("namespace") String namespace) {
        return answer(account -> catalog.loadNamespace(account, namespace(namespace)).map(IcebergJson::ok));
    }

    @HEAD
    @Path("v1/namespaces/{namespace}")
    public Uni<Response> namespaceExists(@Encoded @PathParam("namespace") String namespace) {
        return answer(account -> catalog.namespaceExists(account, namespace(namespace))
                .map(none -> Response.noContent().build()));
    }

    @GET
    @Path("v1/namespaces/{namespace}/tables")
    public Uni<Response> listTables(@Encoded @PathParam("namespace") String namespace,
            @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        return answer(account -> catalog.listTables(account, namespace(namespace), pageToken, pageSize)
                .map(IcebergJson::ok));
    }

    @GET
    @Path("v1/namespaces/{namespace}/tables/{table}")
    public Uni<Response> loadTable(@Encoded @PathParam("namespace") String namespace,
            @Encoded @PathParam("table") String table, @QueryParam("snapshots") String snapshots) {
        return answer(account -> catalog.loadTable(account, table(namespace, table), snapshots == null
                ? SnapshotMode.ALL : SnapshotMode.valueOf(snapshots.toUpperCase(Locale.ROOT))).map(IcebergJson::ok));
    }

    @HEAD
    @Path("v1/namespaces/{namespace}/tables/{table}")
    public Uni<Response> tableExists(@Encoded @PathParam("namespace") String namespace,
            @Encoded @PathParam("table") String table) {
        return answer(account -> catalog.tableExists(account, table(namespace, table))
                .map(none -> Response.noContent().build()));
    }

    /** A path the catalog does not serve (views, scan planning, credentials). */
    @GET
    @Path("{path: .*}")
    public Response noSuchRoute(@Context UriInfo uri) {
        return IcebergJson.error(404, "NotFoundException", "The catalog serves no GET " + uri.getPath());
    }

    @POST
    @Path("{path: .*}")
    public Response post(@Context UriInfo uri) {
        return readOnly("POST", uri);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@Context UriInfo uri) {
        return readOnly("PUT", uri);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@Context UriInfo uri) {
        return readOnly("DELETE", uri);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@Context UriInfo uri) {
        return readOnly("PATCH", uri);
    }

    private static Response readOnly(String method, UriInfo uri) {
        return IcebergJson.error(403, "ForbiddenException", "The catalog is read-only: " + method + " "
                + uri.getPath() + " is not served; export jobs write its tables");
    }

    /** The caller's answer, every failure as the spec's error body. */
    private Uni<Response> answer(Function<UUID, Uni<Response>> read) {
        return Uni.createFrom().deferred(() -> read.apply(caller.require(Permission.EXPORTS_READ).accountId()))
                .onFailure().recoverWithItem(IcebergErrors::response);
    }

    private static Namespace namespace(String encoded) {
        return RESTUtil.decodeNamespace(encoded, LEVELS);
    }

    private static TableIdentifier table(String namespace, String table) {
        return TableIdentifier.of(namespace(namespace), RESTUtil.decodeString(table));
    }
}
