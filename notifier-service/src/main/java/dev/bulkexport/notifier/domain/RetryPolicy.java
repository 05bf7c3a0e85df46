package dev.bulkexport.notifier.domain;

import dev.bulkexport.common.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a delivery is tried again: the first attempt is immediate, then each configured delay in turn; a 2xx
 * delivers, a 410 stops for good, a 429 or 503 waits at least its {@code Retry-After}; after the last
 * attempt the delivery has failed.
 */
public final class RetryPolicy {
    private final List<Duration> delays;
    private final Duration maxRetryAfter;

    public RetryPolicy(List<Duration> delays, Duration maxRetryAfter) {
        this.delays = List.copyOf(delays);
        this.maxRetryAfter = maxRetryAfter;
    }

    /** What happens after a delivery's n-th attempt of its schedule (n from 1). */
    public record Decision(WebhookStatus status, Instant nextAttemptAt, String reason) {
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    public Decision after(int roundAttempt, AttemptResult result) {
        if (result.succeeded()) {
            return new Decision(WebhookStatus.DELIVERED, null, null);
        }
        Integer status = result.responseStatus();
        if (status != null && status == 410) {
            return new Decision(WebhookStatus.FAILED, null, "receiver answered 410 Gone: no more attempts");
        }
        if (roundAttempt >= maxAttempts()) {
            return new Decision(WebhookStatus.FAILED, null, "gave up after " + roundAttempt + " attempts");
        }
        Duration wait = delays.get(roundAttempt - 1);
        if (status != null && (status == 429 || status == 503) && result.retryAfter() != null) {
            Duration asked = result.retryAfter().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : result.retryAfter();
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        return new Decision(WebhookStatus.PENDING, result.at().plus(wait), null);
    }
}
