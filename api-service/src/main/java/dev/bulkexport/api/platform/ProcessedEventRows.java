package dev.bulkexport.api.platform;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Remembers applied event ids, inside the transaction that applies the event. */
@ApplicationScoped
public class ProcessedEventRows {

    /** True the first time an event id is seen; false for a redelivery. */
    public Uni<Boolean> markFirstSeen(UUID eventId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO api.processed_events (event_id, processed_at) VALUES (?1, now())"
                                        + " ON CONFLICT DO NOTHING")
                        .setParameter(1, eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
