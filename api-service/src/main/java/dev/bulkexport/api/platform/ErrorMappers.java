package dev.bulkexport.api.platform;

import dev.bulkexport.common.IllegalTransitionException;
import dev.bulkexport.messaging.ReactiveDatabase;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to a problem body once: each feature's refusals are {@link ApiProblem}s; a state change its
 * table of moves refuses is a 409; never a stack trace, class name or SQL text.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response problem(ApiProblem problem) {
        Response response = ProblemBody.response(problem.status(), problem.error(), problem.getMessage(),
                problem.members());
        return problem.retryAfter() == null ? response : Response.fromResponse(response)
                .header("Retry-After", Math.max(1, problem.retryAfter().toSeconds())).build();
    }

    /** A state change its table of moves refuses, e.g. cancelling a job that has succeeded. */
    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e) {
        return ProblemBody.response(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String message = switch (status.getStatusCode()) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "This resource answers application/json only";
            case 415 -> "Request body must be application/json";
            default -> status.getReasonPhrase();
        };
        return ProblemBody.response(status.getStatusCode(), status.getReasonPhrase(), message);
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e) {
        if (ReactiveDatabase.unavailable(e)) {
            // Nothing was written: the client may retry (with the same Idempotency-Key for a create).
            LOG.warnf("database unreachable: %s", e.getMessage());
            return Response.fromResponse(ProblemBody.response(503, "Service Unavailable",
                    "The job store is briefly unavailable; retry in a few seconds")).header("Retry-After", 5).build();
        }
        if (ConcurrentChanges.lostToAnotherChange(e)) {
            // Only after every retry lost to another change of the job: nothing was written.
            LOG.warnf("gave up on a job changed concurrently: %s", e.getMessage());
            return ProblemBody.response(409, "Conflict", "The job was changed by another request; retry");
        }
        LOG.error("unexpected failure", e);
        return ProblemBody.response(500, "Internal Server Error", "An unexpected error occurred; please retry");
    }
}
