package dev.bulkexport.api.rest;

import jakarta.ws.rs.core.Response;

/**
 * Error body: the reference members {@code error} and {@code message}, and the RFC 9457 members
 * {@code type}, {@code title}, {@code status} and {@code detail}.
 */
public record ProblemBody(String error, String message, String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String error, String message) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new ProblemBody(error, message, "about:blank", error, status, message))
                .build();
    }
}
