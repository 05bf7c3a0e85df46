package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.CurrentCaller;
import dev.bulkexport.api.platform.PageRequest;
import dev.bulkexport.api.platform.Pagination;
import dev.bulkexport.api.platform.Permission;
import dev.bulkexport.api.platform.ProblemBody;

import dev.bulkexport.messaging.OutboxRelay;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.ResultManifest;
import dev.bulkexport.common.events.JobSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/bulk_api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bulk export jobs")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <api key>")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing, malformed, unknown, revoked or expired key",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(responseCode = "429", description = "Rate limit of the key exceeded",
        headers = {@Header(name = "Retry-After"), @Header(name = "X-RateLimit-Limit"),
            @Header(name = "X-RateLimit-Reset-After"), @Header(name = "X-RateLimit-Reset")},
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
public class JobResource {
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final JobService jobs;
    private final JobSubmissionService submission;
    private final ResultLinks resultLinks;
    private final JobRequestValidator requests;
    private final CurrentCaller caller;
    private final OutboxRelay outboxRelay;
    private final Vertx vertx;

    public JobResource(JobService jobs, JobSubmissionService submission, ResultLinks resultLinks, JobRequestValidator requests,
            CurrentCaller caller, OutboxRelay outboxRelay, Vertx vertx) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.submission = submission;
        this.resultLinks = resultLinks;
        this.requests = requests;
        this.caller = caller;
        this.outboxRelay = outboxRelay;
    }

    /** 201 with the new job; 200 with the original job when an Idempotency-Key replays a request. */
    @Operation(summary = "Create an export job")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateJobRequest.class)))
    @APIResponse(responseCode = "201", description = "Created; Location names the job",
            content = @Content(schema = @Schema(implementation = JobSnapshot.class)))
    @APIResponse(responseCode = "200", description = "An Idempotency-Key replay: the original job",
            content = @Content(schema = @Schema(implementation = JobSnapshot.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a broken rule; the message names the field",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without exports:write, properties outside the "
            + "entitlement (up to 20 listed), or quota exhausted (with quota_limit and quota_usage)",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with another body",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body, @Parameter(description = "Same key and body within 24 h: the "
            + "original job; another body: 409") @HeaderParam("Idempotency-Key") String idempotencyKey) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ApiProblem.badRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        // Read and checked on the event loop; only a callback URL's host is resolved (DNS), on a worker thread.
        CreateJobCommand checked = requests.readWithoutResolving(body);
        Uni<CreateJobCommand> command = checked.callbackUrl() == null ? Uni.createFrom().item(checked)
                : vertx.executeBlocking(() -> requests.resolvingCallbackHost(checked));
        return command.chain(it -> submission.create(accountId, it, idempotencyKey))
                .invoke(outboxRelay::wakeUp)
                .map(created -> (created.replayed() ? Response.ok()
                        : Response.created(URI.create("/api/v1/bulk_api/jobs/" + created.job().id())))
                        .entity(created.job().snapshot())
                        .build());
    }

    @Operation(summary = "What a create body would consume of the monthly quota; creates nothing")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateJobRequest.class)))
    @APIResponse(responseCode = "200", description = "The impact",
            content = @Content(schema = @Schema(implementation = QuotaImpactResponse.class)))
    @APIResponse(responseCode = "400", description = "As for create",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without exports:write or properties outside the entitlement",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @POST
    @Path("/quota_impact")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<QuotaImpactResponse> quotaImpact(String body) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        // A dry run sends nothing to the callback, so its host is not resolved: no DNS on the event loop.
        return jobs.quotaImpact(accountId, requests.readWithoutResolving(body)).map(QuotaImpactResponse::of);
    }

    @Operation(summary = "List the account's jobs, newest first")
    @APIResponse(responseCode = "200", description = "A page of jobs",
            content = @Content(schema = @Schema(implementation = JobListResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad page, per_page (1 to 100) or status",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without exports:read",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @GET
    public Uni<JobListResponse> list(@Parameter(description = "Page from 1 (default 1)") @QueryParam("page") String page,
            @Parameter(description = "1 to 100 (default 50)") @QueryParam("per_page") String perPage,
            @Parameter(description = "submitted, succeeded, failed or cancelled") @QueryParam("status") String status) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        PageRequest paging = PageRequest.of(page, perPage);
        JobStatus wanted = status == null || status.isEmpty() ? null : statusFilter(status);
        return jobs.list(accountId, wanted, paging.offset(), paging.perPage())
                .map(found -> new JobListResponse(found.jobs().stream().map(job -> job.snapshot()).toList(),
                        Pagination.of(paging.page(), paging.perPage(), found.totalCount())));
    }

    @Operation(summary = "A job's status, progress and result")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(implementation = JobSnapshot.class)))
    @APIResponse(responseCode = "404", description = "No such job for this account",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without the permission",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @GET
    @Path("/{job_id}")
    public Uni<JobSnapshot> get(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return jobs.view(accountId, jobId(jobId)).map(job -> job.snapshot());
    }

    @Operation(summary = "Download: a redirect to a pre-signed URL valid 7 days, signed afresh on every call; for a "
            + "job of several files (result.file_count > 1), to its stored manifest object (see results/manifest)")
    @APIResponse(responseCode = "302", description = "Location is the download URL", headers = @Header(name = "Location"))
    @APIResponse(responseCode = "409", description = "The job has not succeeded",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "404", description = "No such job for this account",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without the permission",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    /** 302 to a download URL signed afresh on every call. */
    @GET
    @Path("/{job_id}/results")
    @Produces({MediaType.APPLICATION_JSON, ProblemBody.MEDIA_TYPE}) // a redirect on success: a client may accept only problems
    public Uni<Response> results(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return jobs.view(accountId, jobId(jobId))
                .map(job -> Response.status(Response.Status.FOUND).location(resultLinks.downloadLink(job)).build());
    }

    @Operation(summary = "The download URL that /results redirects to, as JSON (for browsers, whose fetch "
            + "hides a redirect's Location); signed afresh on every call")
    @APIResponse(responseCode = "200", description = "The pre-signed URL, valid 7 days",
            content = @Content(schema = @Schema(implementation = ResultLinkResponse.class)))
    @APIResponse(responseCode = "409", description = "The job has not succeeded",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "404", description = "No such job for this account",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without the permission",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @GET
    @Path("/{job_id}/results/link")
    public Uni<ResultLinkResponse> resultLink(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return jobs.view(accountId, jobId(jobId))
                .map(job -> new ResultLinkResponse(resultLinks.downloadLink(job).toString()));
    }

    @Operation(summary = "The files of a succeeded job, each with a download URL valid 7 days, signed afresh on every call")
    @APIResponse(responseCode = "200", description = "The manifest: every file in order, with the totals",
            content = @Content(schema = @Schema(implementation = ResultManifest.class)))
    @APIResponse(responseCode = "409", description = "The job has not succeeded",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "404", description = "No such job for this account",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without the permission",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @GET
    @Path("/{job_id}/results/manifest")
    public Uni<ResultManifest> manifest(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return jobs.manifest(accountId, jobId(jobId));
    }

    /** 200 with the cancelled job, also when it was cancelled already; 409 for a succeeded or failed job. */
    @Operation(summary = "Cancel a job that has not finished")
    @APIResponse(responseCode = "200", description = "The cancelled job (also when it was cancelled already)",
            content = @Content(schema = @Schema(implementation = JobSnapshot.class)))
    @APIResponse(responseCode = "409", description = "The job succeeded or failed already",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "404", description = "No such job for this account",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without the permission",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @DELETE
    @Path("/{job_id}")
    public Uni<JobSnapshot> cancel(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        return jobs.cancel(accountId, jobId(jobId))
                .invoke(outboxRelay::wakeUp)
                .map(job -> job.snapshot());
    }

    @Operation(summary = "Send the job's outcome webhook again, with the same webhook-id")
    @APIResponse(responseCode = "202", description = "Redelivery scheduled; the job",
            content = @Content(schema = @Schema(implementation = JobSnapshot.class)))
    @APIResponse(responseCode = "409", description = "The job has no outcome yet or no callback_url",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "404", description = "No such job for this account",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "403", description = "Key without exports:write",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(responseCode = "429", description = "Over the job's redeliveries per hour; Retry-After says when",
            content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @POST
    @Path("/{job_id}/webhook/redeliver")
    public Uni<Response> redeliverWebhook(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        return jobs.requestWebhookRedelivery(accountId, jobId(jobId))
                .invoke(outboxRelay::wakeUp)
                .map(job -> Response.accepted(job.snapshot()).build());
    }

    private static JobStatus statusFilter(String status) {
        try {
            return JobStatus.fromWire(status);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("status must be one of submitted, succeeded, failed, cancelled");
        }
    }

    /** Anything that is not a UUID names no job. */
    private static UUID jobId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new JobNotFoundException(value);
        }
    }
}
