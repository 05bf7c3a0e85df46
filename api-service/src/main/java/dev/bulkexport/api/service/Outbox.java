package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.OutboxEvent;
import dev.bulkexport.api.messaging.TraceParent;
import dev.bulkexport.common.events.JobEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Adds events to the outbox in the caller's transaction; {@code OutboxRelay} publishes them after commit. */
@ApplicationScoped
public class Outbox {

    public Uni<Void> add(String topic, JobEvent event) {
        return OutboxEvent.of(topic, event, TraceParent.current()).persist().replaceWithVoid();
    }
}
