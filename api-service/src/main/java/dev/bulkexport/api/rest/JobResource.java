package dev.bulkexport.api.rest;

import dev.bulkexport.api.domain.Permission;
import dev.bulkexport.api.messaging.OutboxRelay;
import dev.bulkexport.api.service.JobNotFoundException;
import dev.bulkexport.api.service.JobService;
import dev.bulkexport.api.service.ResultLinks;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.events.JobSnapshot;
import io.smallrye.mutiny.Uni;
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

@Path("/api/v1/bulk_api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final JobService jobs;
    private final ResultLinks resultLinks;
    private final CreateJobRequestParser parser;
    private final CurrentCaller caller;
    private final OutboxRelay outboxRelay;

    public JobResource(JobService jobs, ResultLinks resultLinks, CreateJobRequestParser parser, CurrentCaller caller,
            OutboxRelay outboxRelay) {
        this.jobs = jobs;
        this.resultLinks = resultLinks;
        this.parser = parser;
        this.caller = caller;
        this.outboxRelay = outboxRelay;
    }

    /** 201 with the new job; 200 with the original job when an Idempotency-Key replays a request. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ApiProblem.badRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        return jobs.create(accountId, parser.parse(body), idempotencyKey)
                .invoke(outboxRelay::wakeUp)
                .map(created -> (created.replayed() ? Response.ok()
                        : Response.created(URI.create("/api/v1/bulk_api/jobs/" + created.job().id)))
                        .entity(created.job().snapshot())
                        .build());
    }

    @POST
    @Path("/quota_impact")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<QuotaImpactResponse> quotaImpact(String body) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        return jobs.quotaImpact(accountId, parser.parse(body)).map(QuotaImpactResponse::of);
    }

    @GET
    public Uni<JobListResponse> list(@QueryParam("page") String page, @QueryParam("per_page") String perPage,
            @QueryParam("status") String status) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        PageRequest paging = PageRequest.of(page, perPage);
        JobStatus wanted = status == null || status.isEmpty() ? null : statusFilter(status);
        return jobs.list(accountId, wanted, paging.page(), paging.perPage())
                .map(found -> new JobListResponse(found.jobs().stream().map(job -> job.snapshot()).toList(),
                        Pagination.of(paging.page(), paging.perPage(), found.totalCount())));
    }

    @GET
    @Path("/{job_id}")
    public Uni<JobSnapshot> get(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return jobs.find(accountId, jobId(jobId)).map(job -> job.snapshot());
    }

    /** 302 to a download URL signed afresh on every call. */
    @GET
    @Path("/{job_id}/results")
    public Uni<Response> results(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_READ).accountId();
        return jobs.find(accountId, jobId(jobId))
                .map(job -> Response.status(Response.Status.FOUND).location(resultLinks.downloadLink(job)).build());
    }

    /** 200 with the cancelled job, also when it was cancelled already; 409 for a succeeded or failed job. */
    @DELETE
    @Path("/{job_id}")
    public Uni<JobSnapshot> cancel(@PathParam("job_id") String jobId) {
        UUID accountId = caller.require(Permission.EXPORTS_WRITE).accountId();
        return jobs.cancel(accountId, jobId(jobId))
                .invoke(outboxRelay::wakeUp)
                .map(job -> job.snapshot());
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
