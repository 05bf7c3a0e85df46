package dev.bulkexport.api.iceberg;

import dev.bulkexport.api.platform.ProblemBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Under {@code /iceberg/}, the answers the platform gives (401 and 429 of authentication, 503 of the database, a
 * 404 or 406 of the framework) in the REST spec's ErrorResponse shape instead of a problem body, so that Iceberg's
 * clients read every refusal (a 401 becomes their NotAuthorizedException).
 */
public class IcebergErrorBodies {

    @ServerResponseFilter
    public void icebergShape(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !request.getUriInfo().getPath().startsWith("/iceberg/")) {
            return;
        }
        Object entity = response.getEntity();
        String message = entity instanceof ProblemBody problem ? problem.message()
                : entity instanceof Map<?, ?> problem && problem.containsKey("message")
                        ? String.valueOf(problem.get("message")) : null;
        if (message != null) {
            int status = response.getStatus();
            response.setEntity(IcebergJson.errorBody(status, IcebergErrors.typeOf(status), message), null,
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
