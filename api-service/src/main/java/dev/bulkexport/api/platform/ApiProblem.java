package dev.bulkexport.api.platform;

import java.time.Duration;
import java.util.Map;

/**
 * A request refused with a 4xx status: the one exception type every feature's refusals extend, so that one
 * mapper turns each into a problem body ({@link ErrorMappers}) with the reference members {@code error} and
 * {@code message}, any extension members, and {@code Retry-After} where it says when to come back.
 */
public class ApiProblem extends RuntimeException {
    private final int status;

    public ApiProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(400, message);
    }

    public static ApiProblem unauthorized() {
        return new ApiProblem(401, "Missing or invalid bearer token");
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(404, message);
    }

    public static ApiProblem conflict(String message) {
        return new ApiProblem(409, message);
    }

    /** A 429 of a rate limit: {@code Retry-After} says when its bucket has refilled. */
    public static ApiProblem tooManyRequests(String message, Duration retryAfter) {
        return new ApiProblem(429, message) {
            @Override
            public Duration retryAfter() {
                return retryAfter;
            }
        };
    }

    public int status() {
        return status;
    }

    /** The reason phrase of the status: the body's {@code error} and {@code title}. */
    public String error() {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            default -> throw new IllegalStateException("no reason phrase for " + status);
        };
    }

    /** Extension members of the body after the standard ones (RFC 9457); none by default. */
    public Map<String, Object> members() {
        return Map.of();
    }

    /** When the client may try again ({@code Retry-After}); null when the answer will not change by waiting. */
    public Duration retryAfter() {
        return null;
    }
}
