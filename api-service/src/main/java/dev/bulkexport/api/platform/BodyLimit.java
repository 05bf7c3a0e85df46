package dev.bulkexport.api.platform;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body longer than {@code quarkus.http.limits.max-body-size} is refused with a 413 problem on the public port,
 * before it is read: the same limit Quarkus enforces (an empty 413 at its upload-limit route, and the reading of a
 * chunked body stopped at it), answered just ahead of it with a body that says what the limit is.
 */
@ApplicationScoped
public class BodyLimit {
    private final long maxBytes;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length)) {
            String message = "Request body too large: at most " + maxBytes + " bytes";
            String body = new JsonObject().put("error", "Payload Too Large").put("message", message)
                    .put("type", "about:blank").put("title", "Payload Too Large").put("status", 413)
                    .put("detail", message).encode();
            // The body is not read: the connection closes after the answer, as Quarkus' own refusal does.
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, ProblemBody.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(done -> context.request().connection().close())
                    .end(body);
            return;
        }
        context.next();
    }

    private boolean declaredOver(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
