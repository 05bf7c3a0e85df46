package dev.bulkexport.common.events;

import dev.bulkexport.common.WebhookStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The notifier made one attempt to deliver a job's webhook. {@code deliveryStatus} is the delivery's state
 * after it: {@code pending} (another attempt is scheduled), {@code delivered} or {@code failed} (given up).
 * {@code responseStatus} is the receiver's HTTP status, null when no response came (timeout, refused URL);
 * {@code error} says why an attempt failed, never with secrets.
 */
public record WebhookAttempted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        String webhookId, int attempt, WebhookStatus deliveryStatus, Integer responseStatus, String error,
        Instant nextAttemptAt) implements JobEvent {

    public static WebhookAttempted of(UUID jobId, UUID accountId, String webhookId, int attempt, Instant at,
            WebhookStatus deliveryStatus, Integer responseStatus, String error, Instant nextAttemptAt) {
        return new WebhookAttempted(UUID.randomUUID(), at, 1, jobId, accountId, webhookId, attempt, deliveryStatus,
                responseStatus, error, nextAttemptAt);
    }
}
