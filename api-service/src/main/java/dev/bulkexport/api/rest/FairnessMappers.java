package dev.bulkexport.api.rest;

import dev.bulkexport.api.service.TooManyUnfinishedJobsException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The 429s of the per-account cap on work in flight and of the redelivery limit, with {@code Retry-After}. */
public class FairnessMappers {

    @ServerExceptionMapper
    public Response tooManyUnfinished(TooManyUnfinishedJobsException e) {
        return Response.fromResponse(ProblemBody.response(429, "Too Many Requests", e.getMessage(),
                        Map.of("max_unfinished_jobs", e.cap())))
                .header("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public Response redeliveryLimited(RedeliveryLimits.RedeliveryRateLimitedException e) {
        return Response.fromResponse(ProblemBody.response(429, "Too Many Requests", e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }
}
