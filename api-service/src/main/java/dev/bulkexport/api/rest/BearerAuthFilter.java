package dev.bulkexport.api.rest;

import dev.bulkexport.api.service.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every {@code /api/} request needs {@code Authorization: Bearer <api key>} of a usable key, within the key's
 * rate limit.
 */
public class BearerAuthFilter {
    private static final String PREFIX = "Bearer ";

    private final ApiKeyService apiKeys;
    private static final String RATE_LIMIT = "bulkexport.rate-limit";

    private final CurrentCaller currentCaller;
    private final RateLimits rateLimits;

    public BearerAuthFilter(ApiKeyService apiKeys, CurrentCaller currentCaller, RateLimits rateLimits) {
        this.apiKeys = apiKeys;
        this.currentCaller = currentCaller;
        this.rateLimits = rateLimits;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || header.length() > 512) {
            return Uni.createFrom().item(unauthorized());
        }
        return apiKeys.authenticate(header.substring(PREFIX.length()).trim()).map(caller -> {
            if (caller == null) {
                return unauthorized();
            }
            RateLimits.Decision decision = rateLimits.take(caller.keyId(), caller.rateLimitPerMinute());
            request.setProperty(RATE_LIMIT, decision);
            if (!decision.allowed()) {
                return tooManyRequests(decision);
            }
            currentCaller.set(caller);
            return null;
        });
    }

    /** Every answer to an authenticated request tells the key's limit and what remains of it. */
    @ServerResponseFilter
    public void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(RATE_LIMIT) instanceof RateLimits.Decision decision) {
            response.getHeaders().putSingle("X-RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("X-RateLimit-Remaining", decision.remaining());
        }
    }

    private static Response tooManyRequests(RateLimits.Decision decision) {
        long waitSeconds = Math.max(1, (decision.nanosToWait() + 999_999_999L) / 1_000_000_000L);
        return Response.fromResponse(ProblemBody.response(429, "Too Many Requests",
                        "Rate limit of " + decision.limit() + " requests per minute exceeded; retry in "
                                + waitSeconds + " s"))
                .header("Retry-After", waitSeconds)
                .header("X-RateLimit-Reset-After", waitSeconds)
                .header("X-RateLimit-Reset", java.time.Instant.now().getEpochSecond() + waitSeconds)
                .build();
    }

    private static Response unauthorized() {
        ApiProblem problem = ApiProblem.unauthorized();
        return ProblemBody.response(problem.status(), problem.error(), problem.getMessage());
    }
}
