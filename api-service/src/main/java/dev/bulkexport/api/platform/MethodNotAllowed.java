package dev.bulkexport.api.platform;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Before any resource is matched: OPTIONS answers the path's methods, and a method the path does not answer is a
 * 405 naming them, both with {@code Allow} from the {@link RouteTable}. Left to the framework, a 405 carries no
 * {@code Allow}, OPTIONS lists every method of the resource class, and a path that one route names literally
 * (GET {@code /jobs/quota_impact}) falls through to a template of another ({@code /jobs/{job_id}}).
 */
public class MethodNotAllowed {
    private final RouteTable routes;

    public MethodNotAllowed(RouteTable routes) {
        this.routes = routes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        Set<String> allowed = routes.allowed(path);
        if (allowed.isEmpty()) {
            return null;
        }
        String method = request.getMethod();
        if (allowed.contains(method) && !HttpMethod.OPTIONS.equals(method)) {
            return null;
        }
        String allow = String.join(", ", allowed);
        if (HttpMethod.OPTIONS.equals(method)) {
            return Response.noContent().header("Allow", allow).build();
        }
        return Response.fromResponse(ProblemBody.response(405, "Method Not Allowed",
                method + " is not allowed on " + path + "; allowed: " + allow)).header("Allow", allow).build();
    }
}
