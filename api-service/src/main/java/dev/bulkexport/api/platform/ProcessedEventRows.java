package dev.bulkexport.api.platform;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** {@code api.processed_events}: the ids of applied events, written inside the transaction that applies one. */
@ApplicationScoped
public class ProcessedEventRows {
    private static final String INSERT =
            "INSERT INTO api.processed_events (event_id, processed_at) VALUES ($1, now()) ON CONFLICT DO NOTHING";

    /** True the first time an event id is seen; false for a redelivery. */
    public Uni<Boolean> markFirstSeen(SqlClient sql, UUID eventId) {
        return sql.preparedQuery(INSERT).execute(Tuple.of(eventId)).map(rows -> rows.rowCount() == 1);
    }
}
