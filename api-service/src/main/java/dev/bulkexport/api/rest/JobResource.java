package dev.bulkexport.api.rest;

import dev.bulkexport.api.messaging.OutboxRelay;
import dev.bulkexport.api.service.JobService;
import dev.bulkexport.api.service.ResultLinks;
import dev.bulkexport.common.events.JobSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

@Path("/api/v1/bulk_api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobService jobs;
    private final ResultLinks resultLinks;
    private final CreateJobRequestParser parser;
    private final CurrentCaller caller;
    private final OutboxRelay outboxRelay;
    private final Vertx vertx;

    public JobResource(JobService jobs, ResultLinks resultLinks, CreateJobRequestParser parser, CurrentCaller caller,
            OutboxRelay outboxRelay, Vertx vertx) {
        this.outboxRelay = outboxRelay;
        this.vertx = vertx;
        this.jobs = jobs;
        this.resultLinks = resultLinks;
        this.parser = parser;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        UUID accountId = caller.get().accountId();
        // The callback URL check may resolve its host (DNS): never on the event loop.
        return vertx.executeBlocking(() -> parser.parse(body))
                .chain(command -> jobs.create(accountId, command))
                .invoke(outboxRelay::wakeUp)
                .map(job -> Response.created(URI.create("/api/v1/bulk_api/jobs/" + job.id))
                        .entity(job.snapshot())
                        .build());
    }

    @GET
    @Path("/{job_id}")
    public Uni<JobSnapshot> get(@PathParam("job_id") String jobId) {
        return jobs.find(caller.get().accountId(), JobIds.parse(jobId)).map(job -> job.snapshot());
    }

    @GET
    @Path("/{job_id}/results")
    public Uni<Response> results(@PathParam("job_id") String jobId) {
        return jobs.find(caller.get().accountId(), JobIds.parse(jobId))
                .map(job -> Response.status(Response.Status.FOUND).location(resultLinks.downloadLink(job)).build());
    }

    /**
     * Sends the job's outcome webhook again (same {@code webhook-id}): 202 with the job; 404 for an unknown job
     * or another account's; 409 when the job has no outcome yet or no callback URL.
     */
    @POST
    @Path("/{job_id}/webhook/redeliver")
    public Uni<Response> redeliverWebhook(@PathParam("job_id") String jobId) {
        return jobs.requestWebhookRedelivery(caller.get().accountId(), JobIds.parse(jobId))
                .invoke(outboxRelay::wakeUp)
                .map(job -> Response.accepted(job.snapshot()).build());
    }

    /** Job ids in paths: anything that is not a UUID names no job. */
    static final class JobIds {
        private JobIds() {
        }

        static UUID parse(String value) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new dev.bulkexport.api.service.JobNotFoundException(value);
            }
        }
    }
}
