package dev.bulkexport.api.platform;

import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.messaging.TraceParent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Adds events to the outbox in the caller's transaction; {@code OutboxRelay} publishes them after commit. */
@ApplicationScoped
public class Outbox {
    private final OutboxRows rows;

    Outbox(OutboxRows rows) {
        this.rows = rows;
    }

    /** An event keyed by what it is about, in the trace of the change that causes it: make it in that trace. */
    public OutboxEvent event(String topic, JobEvent event) {
        return event(topic, event, event.key().toString());
    }

    /** An event with its own Kafka key, e.g. a shard's (job and shard). */
    public OutboxEvent event(String topic, JobEvent event, String messageKey) {
        return OutboxEvent.of(topic, event, messageKey, TraceParent.current());
    }

    /** Adds an event in the transaction of the given connection. */
    public Uni<Void> add(SqlClient sql, String topic, JobEvent event) {
        return add(sql, List.of(event(topic, event)));
    }

    /** Adds events, in their order, in the transaction of the given connection. */
    public Uni<Void> add(SqlClient sql, List<OutboxEvent> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem() : rows.insert(sql, events);
    }
}
