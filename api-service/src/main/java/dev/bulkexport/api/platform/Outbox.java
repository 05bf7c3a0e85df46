package dev.bulkexport.api.platform;

import dev.bulkexport.messaging.TraceParent;
import dev.bulkexport.common.events.JobEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Adds events to the outbox in the caller's transaction; {@code OutboxRelay} publishes them after commit. */
@ApplicationScoped
public class Outbox {
    private final OutboxRows rows;

    public Outbox(OutboxRows rows) {
        this.rows = rows;
    }

    /** Adds an event in the caller's Hibernate transaction. */
    public Uni<Void> add(String topic, JobEvent event) {
        return event(topic, event).persist().replaceWithVoid();
    }

    /** An event to add, in the trace of the change that causes it: make it while that trace is current. */
    public OutboxEvent event(String topic, JobEvent event) {
        return OutboxEvent.of(topic, event, TraceParent.current());
    }

    /** An event with its own Kafka key, e.g. a shard's (job and shard), to spread a job's records over partitions. */
    public OutboxEvent event(String topic, JobEvent event, String messageKey) {
        OutboxEvent row = event(topic, event);
        row.messageKey = messageKey;
        return row;
    }

    /** Adds an event with its own Kafka key in the caller's Hibernate transaction. */
    public Uni<Void> add(String topic, JobEvent event, String messageKey) {
        return event(topic, event, messageKey).persist().replaceWithVoid();
    }

    /** Adds events, in their order, in the transaction of the given connection. */
    public Uni<Void> add(SqlClient sql, List<OutboxEvent> events) {
        return rows.insert(sql, events);
    }
}
