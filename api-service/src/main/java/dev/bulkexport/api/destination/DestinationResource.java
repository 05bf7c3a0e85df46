package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.CurrentCaller;
import dev.bulkexport.api.platform.PageRequest;
import dev.bulkexport.api.platform.Pagination;
import dev.bulkexport.api.platform.Permission;
import dev.bulkexport.api.platform.ProblemBody;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/bulk_api/destinations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Destinations")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", description = "A broken rule, or the access check failed; the message names"
        + " what failed when an S3 store answered (bucket, credentials, region), else the endpoint alone",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired key",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "403", description = "Key without exports:write (changes) or exports:read (reads)",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "404", description = "No such destination for this account",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
public class DestinationResource {
    private final DestinationService destinations;
    private final DestinationRequestValidator parser;
    private final CurrentCaller caller;
    private final Vertx vertx;

    public DestinationResource(DestinationService destinations, DestinationRequestValidator parser, CurrentCaller caller,
            Vertx vertx) {
        this.destinations = destinations;
        this.parser = parser;
        this.caller = caller;
        this.vertx = vertx;
    }

    @Operation(summary = "Add a destination (the customer's S3 bucket) after a test write and delete under its prefix")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DestinationViews.DestinationRequest.class)))
    @APIResponse(responseCode = "201", description = "Added; Location names it",
            content = @Content(schema = @Schema(implementation = DestinationViews.Destination.class)))
    @APIResponse(responseCode = "429", description = "Over the account's access checks per minute; Retry-After says"
            + " when", content = @Content(mediaType = ProblemBody.MEDIA_TYPE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        // The endpoint check resolves its host (DNS): never on the event loop.
        return vertx.executeBlocking(() -> parser.parse(body))
                .chain(request -> destinations.create(accountId, request))
                .map(destination -> Response.created(URI.create("/api/v1/bulk_api/destinations/" + destination.id()))
                        .entity(DestinationViews.Destination.of(destination)).build());
    }

    @Operation(summary = "List the account's destinations, oldest first")
    @APIResponse(responseCode = "200", description = "A page of destinations",
            content = @Content(schema = @Schema(implementation = DestinationViews.DestinationList.class)))
    @GET
    public Uni<DestinationViews.DestinationList> list(@QueryParam("page") String page,
            @QueryParam("per_page") String perPage) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        PageRequest paging = PageRequest.of(page, perPage);
        return destinations.list(accountId, paging.offset(), paging.perPage())
                .map(found -> new DestinationViews.DestinationList(
                        found.destinations().stream().map(DestinationViews.Destination::of).toList(),
                        Pagination.of(paging.page(), paging.perPage(), found.totalCount())));
    }

    @Operation(summary = "A destination")
    @APIResponse(responseCode = "200", description = "The destination",
            content = @Content(schema = @Schema(implementation = DestinationViews.Destination.class)))
    @GET
    @Path("/{destination_id}")
    public Uni<DestinationViews.Destination> get(@PathParam("destination_id") String destinationId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return destinations.view(accountId, id(destinationId)).map(DestinationViews.Destination::of);
    }

    @Operation(summary = "Delete a destination; jobs created before keep writing to it until they end, later runs"
            + " of schedules that name it are rejected")
    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/{destination_id}")
    @Produces({MediaType.APPLICATION_JSON, ProblemBody.MEDIA_TYPE}) // no body on success: a client may accept only problems
    public Uni<Response> delete(@PathParam("destination_id") String destinationId) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        return destinations.delete(accountId, id(destinationId)).map(nothing -> Response.noContent().build());
    }

    /** Anything that is not a UUID names no destination. */
    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new DestinationNotFoundException(value);
        }
    }
}
