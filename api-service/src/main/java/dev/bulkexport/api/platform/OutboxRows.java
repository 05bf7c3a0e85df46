package dev.bulkexport.api.platform;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code api.outbox} on the reactive SQL client, in the caller's transaction; the relay
 * ({@code OutboxRelay}) reads and marks them, and retention deletes them.
 */
@ApplicationScoped
class OutboxRows {
    private static final String INSERT = "INSERT INTO api.outbox (topic, message_key, event_id, event_type, payload,"
            + " created_at, traceparent) VALUES ($1, $2, $3, $4, $5, $6, $7)";

    /** Inserts the events in one batch; their ids, and so the relay's publishing order, follow the list. */
    Uni<Void> insert(SqlClient sql, List<OutboxEvent> events) {
        List<Tuple> rows = events.stream().map(event -> Tuple.from(Arrays.asList(event.topic(), event.messageKey(),
                event.eventId(), event.eventType(), event.payload(), event.createdAt().atOffset(ZoneOffset.UTC),
                event.traceparent()))).toList();
        return sql.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }
}
