package dev.bulkexport.api.rest;

import dev.bulkexport.api.service.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /api/} request needs {@code Authorization: Bearer <api key>} of a usable key. */
public class BearerAuthFilter {
    private static final String PREFIX = "Bearer ";

    private final ApiKeyService apiKeys;
    private final CurrentCaller currentCaller;

    public BearerAuthFilter(ApiKeyService apiKeys, CurrentCaller currentCaller) {
        this.apiKeys = apiKeys;
        this.currentCaller = currentCaller;
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
            currentCaller.set(caller);
            return null;
        });
    }

    private static Response unauthorized() {
        ApiProblem problem = ApiProblem.unauthorized();
        return ProblemBody.response(problem.status(), problem.error(), problem.getMessage());
    }
}
