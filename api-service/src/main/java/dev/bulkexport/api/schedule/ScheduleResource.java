package dev.bulkexport.api.schedule;

import dev.bulkexport.api.platform.CurrentCaller;
import dev.bulkexport.api.platform.PageRequest;
import dev.bulkexport.api.platform.Pagination;
import dev.bulkexport.api.platform.Permission;
import dev.bulkexport.api.platform.ProblemBody;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/bulk_api/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Schedules")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "400", description = "A broken rule; the message names the field",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired key",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "403", description = "Key without exports:write (changes) or exports:read (reads)",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "404", description = "No such schedule for this account",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
public class ScheduleResource {
    private final ScheduleService schedules;
    private final ScheduleRequestValidator parser;
    private final ScheduleViews views;
    private final CurrentCaller caller;
    private final Vertx vertx;

    public ScheduleResource(ScheduleService schedules, ScheduleRequestValidator parser, ScheduleViews views,
            CurrentCaller caller, Vertx vertx) {
        this.schedules = schedules;
        this.parser = parser;
        this.views = views;
        this.caller = caller;
        this.vertx = vertx;
    }

    @Operation(summary = "Create a schedule: a job for each period, made as POST /jobs makes one")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ScheduleViews.ScheduleRequest.class)))
    @APIResponse(responseCode = "201", description = "Created; Location names the schedule",
            content = @Content(schema = @Schema(implementation = ScheduleViews.Schedule.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        // The job options' callback URL check may resolve its host (DNS): never on the event loop.
        return vertx.executeBlocking(() -> parser.parse(body))
                .chain(definition -> schedules.create(accountId, definition))
                .map(schedule -> Response.created(URI.create("/api/v1/bulk_api/schedules/" + schedule.id()))
                        .entity(views.of(schedule)).build());
    }

    @Operation(summary = "List the account's schedules, oldest first")
    @APIResponse(responseCode = "200", description = "A page of schedules",
            content = @Content(schema = @Schema(implementation = ScheduleViews.ScheduleList.class)))
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("page") String page, @QueryParam("per_page") String perPage) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        PageRequest paging = PageRequest.of(page, perPage);
        return schedules.list(accountId, paging.offset(), paging.perPage())
                .map(found -> Map.of("schedules", found.schedules().stream().map(views::of).toList(),
                        "pagination", Pagination.of(paging.page(), paging.perPage(), found.totalCount())));
    }

    @Operation(summary = "A schedule")
    @APIResponse(responseCode = "200", description = "The schedule",
            content = @Content(schema = @Schema(implementation = ScheduleViews.Schedule.class)))
    @GET
    @Path("/{schedule_id}")
    public Uni<ObjectNode> get(@PathParam("schedule_id") String scheduleId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return schedules.view(accountId, id(scheduleId)).map(views::of);
    }

    @Operation(summary = "Edit, pause (paused: true) or resume a schedule; members given replace the schedule's,"
            + " null removes an optional one")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ScheduleViews.ScheduleRequest.class)))
    @APIResponse(responseCode = "200", description = "The schedule as changed",
            content = @Content(schema = @Schema(implementation = ScheduleViews.Schedule.class)))
    @PATCH
    @Path("/{schedule_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> update(@PathParam("schedule_id") String scheduleId, String body) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        UUID id = id(scheduleId);
        return schedules.view(accountId, id)
                .chain(schedule -> vertx.executeBlocking(() -> parser.parsePatch(schedule, body)))
                .chain(definition -> schedules.update(accountId, id, definition))
                .map(views::of);
    }

    @Operation(summary = "Delete a schedule; the jobs it created stay")
    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/{schedule_id}")
    @Produces({MediaType.APPLICATION_JSON, ProblemBody.MEDIA_TYPE}) // no body on success: a client may accept only problems
    public Uni<Response> delete(@PathParam("schedule_id") String scheduleId) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        return schedules.delete(accountId, id(scheduleId)).map(nothing -> Response.noContent().build());
    }

    @Operation(summary = "The schedule's runs (the jobs it created), latest period first")
    @APIResponse(responseCode = "200", description = "A page of runs",
            content = @Content(schema = @Schema(implementation = ScheduleViews.RunList.class)))
    @GET
    @Path("/{schedule_id}/runs")
    public Uni<ScheduleViews.RunList> runs(@PathParam("schedule_id") String scheduleId,
            @QueryParam("page") String page, @QueryParam("per_page") String perPage) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        PageRequest paging = PageRequest.of(page, perPage);
        return schedules.runs(accountId, id(scheduleId), paging.offset(), paging.perPage())
                .map(found -> new ScheduleViews.RunList(found.runs().stream().map(ScheduleViews.Run::of).toList(),
                        Pagination.of(paging.page(), paging.perPage(), found.totalCount())));
    }

    @Operation(summary = "Queue the runs of the whole past periods from `from` to `to` (at most 36 per call);"
            + " they start behind live runs, as the account's cap of unfinished jobs allows")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ScheduleViews.BackfillRequest.class)))
    @APIResponse(responseCode = "202", description = "The runs queued",
            content = @Content(schema = @Schema(implementation = ScheduleViews.Backfill.class)))
    @POST
    @Path("/{schedule_id}/backfill")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> backfill(@PathParam("schedule_id") String scheduleId, String body) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        UUID id = id(scheduleId);
        LocalDate[] range = parser.backfillRange(body);
        return schedules.backfill(accountId, id, range[0], range[1])
                .map(runs -> Response.accepted(new ScheduleViews.Backfill(runs.stream().map(ScheduleViews.Run::of)
                        .toList())).build());
    }

    /** Anything that is not a UUID names no schedule. */
    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ScheduleNotFoundException(value);
        }
    }
}
