package dev.bulkexport.api.platform;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error body: the reference members {@code error} and {@code message}, and the RFC 9457 members
 * {@code type}, {@code title}, {@code status} and {@code detail}.
 */
public record ProblemBody(String error, String message, String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String error, String message) {
        return response(status, error, message, Map.of());
    }

    /** A problem with extra members after the standard ones (RFC 9457 extension members). */
    public static Response response(int status, String error, String message, Map<String, Object> extra) {
        if (extra.isEmpty()) {
            return Response.status(status).type(MEDIA_TYPE)
                    .entity(new ProblemBody(error, message, "about:blank", error, status, message)).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        body.put("type", "about:blank");
        body.put("title", error);
        body.put("status", status);
        body.put("detail", message);
        body.putAll(extra);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
