package dev.bulkexport.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Where a service keeps the events it publishes (its outbox table) and how the {@link OutboxRelay} reads them.
 * The column keys are SQL expressions over that table, so that a table with other column names (or with a
 * constant topic or type) needs no code; they come from the service's own configuration, never from a request.
 */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {
    /** The outbox table, schema-qualified, e.g. {@code api.outbox}. */
    String table();

    /** Events locked and published per round; a full batch starts the next round at once. */
    @WithDefault("200")
    int batchSize();

    /**
     * How often the safety-net round runs (other replicas' rows, failed rounds); commits wake the relay at
     * once. Also the delay before the first round, while the Kafka channel connects.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** The CloudEvents {@code ce_source} of every event, e.g. {@code /bulk-export/api-service}. */
    String source();

    /** The columns (SQL expressions) that make up an event. */
    Columns columns();

    interface Columns {
        /** Increasing id: events leave in this order. */
        @WithDefault("id")
        String id();

        /** The Kafka topic; {@code NULL} sends to the channel's configured topic. */
        @WithDefault("topic")
        String topic();

        /** The Kafka key (the job id): all events of a job go to one partition, in order. */
        @WithDefault("message_key")
        String key();

        /** The event's id ({@code ce_id}), a UUID. */
        @WithDefault("event_id")
        String eventId();

        /** The event's type without the {@code dev.bulkexport.} prefix of {@code ce_type}. */
        @WithDefault("event_type")
        String eventType();

        /** The event's JSON. */
        @WithDefault("payload")
        String payload();

        /** When the event was written ({@code ce_time}, and the backlog's age). */
        @WithDefault("created_at")
        String createdAt();

        /** The W3C traceparent of the change that wrote the event, or {@code NULL}. */
        @WithDefault("traceparent")
        String traceparent();

        /** Set when the broker acknowledged the event; null while it waits. */
        @WithDefault("sent_at")
        String sentAt();
    }
}
