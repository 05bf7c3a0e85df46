package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.Caller;
import dev.bulkexport.api.platform.CurrentCaller;
import dev.bulkexport.api.platform.ProblemBody;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every {@code /api/} and {@code /iceberg/} (the Iceberg REST catalog) request needs {@code Authorization: Bearer <api key>} of a usable key, within the key's
 * rate limit. A request without a usable key is refused with 401, or with 429 once its client address was
 * refused too often in the minute ({@link FailedAuthentications}); a usable key is never refused for what else
 * came from its address.
 */
public class BearerAuthFilter {
    private static final String PREFIX = "Bearer ";

    private final ApiKeyService apiKeys;
    private static final String RATE_LIMIT = "bulkexport.rate-limit";

    private final CurrentCaller currentCaller;
    private final RateLimits rateLimits;
    private final FailedAuthentications failures;

    public BearerAuthFilter(ApiKeyService apiKeys, CurrentCaller currentCaller, RateLimits rateLimits,
            FailedAuthentications failures) {
        this.apiKeys = apiKeys;
        this.currentCaller = currentCaller;
        this.rateLimits = rateLimits;
        this.failures = failures;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.startsWith("/iceberg/")) {
            return Uni.createFrom().nullItem();
        }
        // The client's address: the peer's, or the X-Forwarded-For of a trusted proxy (quarkus.http.proxy.*).
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String secret = header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || header.length() > 512 ? null : header.substring(PREFIX.length()).trim();
        if (secret == null) {
            return Uni.createFrom().item(refused(address));
        }
        // The key is checked first: a usable key passes whatever else came from its address (clients behind one
        // NAT or one proxy share it); the address's budget decides only how a refusal is answered.
        return apiKeys.authenticate(secret).map(caller -> caller == null ? refused(address) : admit(request, caller));
    }

    /** 401 within the address's budget of refusals (and counted against it), 429 beyond it. */
    private Response refused(String address) {
        long nanosToWait = failures.nanosToWait(address);
        if (nanosToWait > 0) {
            return tooManyFailures(nanosToWait);
        }
        failures.failed(address);
        return unauthorized();
    }

    /** Null (go on) within the key's rate limit, else its 429. */
    private Response admit(ContainerRequestContext request, Caller caller) {
        RateLimits.Decision decision = rateLimits.take(caller.keyId(), caller.rateLimitPerMinute());
        request.setProperty(RATE_LIMIT, decision);
        if (!decision.allowed()) {
            return tooManyRequests(decision);
        }
        currentCaller.set(caller);
        return null;
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
        long waitSeconds = seconds(decision.nanosToWait());
        return Response.fromResponse(ProblemBody.response(429, "Too Many Requests",
                        "Rate limit of " + decision.limit() + " requests per minute exceeded; retry in "
                                + waitSeconds + " s"))
                .header("Retry-After", waitSeconds)
                .header("X-RateLimit-Reset-After", waitSeconds)
                .header("X-RateLimit-Reset", java.time.Instant.now().getEpochSecond() + waitSeconds)
                .build();
    }

    private Response tooManyFailures(long nanosToWait) {
        long waitSeconds = seconds(nanosToWait);
        return Response.fromResponse(ProblemBody.response(429, "Too Many Requests",
                        "More than " + failures.perMinute() + " unauthenticated requests per minute from this"
                                + " address; retry in " + waitSeconds + " s"))
                .header("Retry-After", waitSeconds)
                .build();
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static Response unauthorized() {
        ApiProblem problem = ApiProblem.unauthorized();
        return ProblemBody.response(problem.status(), problem.error(), problem.getMessage());
    }
}
