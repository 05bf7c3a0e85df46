package dev.bulkexport.api.platform;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event waiting in the transactional outbox; written in the same transaction as the change it reports. */
@Entity
@Table(name = "outbox", schema = "api")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String topic;
    public String messageKey;
    public UUID eventId;
    public String eventType;
    public String payload;
    public Instant createdAt;
    public Instant sentAt;
    /** W3C traceparent of the change that wrote the event; null outside a trace. */
    public String traceparent;

    public static OutboxEvent of(String topic, JobEvent event, String traceparent) {
        OutboxEvent row = new OutboxEvent();
        row.topic = topic;
        row.messageKey = event.key().toString();
        row.eventId = event.eventId();
        row.eventType = event.type();
        row.payload = EventCodec.encode(event);
        row.createdAt = Instant.now();
        row.traceparent = traceparent;
        return row;
    }
}
