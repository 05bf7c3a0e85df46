package dev.bulkexport.notifier.domain;

import java.util.UUID;

/**
 * A delivery claimed for its next attempt. {@code attempts} counts every attempt so far (also those before a
 * redelivery); {@code roundAttempts} counts those of the current schedule, which a redelivery restarts.
 */
public record Delivery(String webhookId, UUID jobId, UUID accountId, String callbackUrl, String payload,
        int attempts, int roundAttempts) {
}
