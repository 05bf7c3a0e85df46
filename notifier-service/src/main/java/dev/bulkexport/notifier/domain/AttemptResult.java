package dev.bulkexport.notifier.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt came to: the receiver's status ({@code null} when no response came), why it failed
 * (null on success) and the receiver's {@code Retry-After}, if it sent one.
 */
public record AttemptResult(Instant at, Integer responseStatus, String error, Duration retryAfter) {

    public boolean succeeded() {
        return responseStatus != null && responseStatus >= 200 && responseStatus < 300;
    }

    public static AttemptResult response(Instant at, int status, Duration retryAfter) {
        boolean ok = status >= 200 && status < 300;
        String error = ok ? null : status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)"
                : "HTTP " + status;
        return new AttemptResult(at, status, error, retryAfter);
    }

    public static AttemptResult noResponse(Instant at, String error) {
        return new AttemptResult(at, null, error, null);
    }
}
