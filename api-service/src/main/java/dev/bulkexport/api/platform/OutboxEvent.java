package dev.bulkexport.api.platform;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An event for the transactional outbox ({@code api.outbox}), written in the same transaction as the change it
 * reports; {@code traceparent} is the W3C trace of that change (null outside a trace).
 */
public record OutboxEvent(String topic, String messageKey, UUID eventId, String eventType, String payload,
        Instant createdAt, String traceparent) {

    public static OutboxEvent of(String topic, JobEvent event, String messageKey, String traceparent) {
        return new OutboxEvent(topic, messageKey, event.eventId(), event.type(), EventCodec.encode(event),
                Instant.now(), traceparent);
    }
}
