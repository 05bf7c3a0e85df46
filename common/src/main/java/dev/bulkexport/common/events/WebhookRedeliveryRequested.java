package dev.bulkexport.common.events;

import java.time.Instant;
import java.util.UUID;

/** The account asked for its job's outcome webhook again: the notifier restarts that delivery's schedule. */
public record WebhookRedeliveryRequested(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId,
        UUID accountId, String webhookId) implements JobEvent {

    public static WebhookRedeliveryRequested of(UUID jobId, UUID accountId, String webhookId) {
        return new WebhookRedeliveryRequested(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, webhookId);
    }
}
