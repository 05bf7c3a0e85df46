package dev.bulkexport.common.events;

import java.time.Instant;
import java.util.UUID;

/** The account cancelled a job: a worker running it stops and aborts its upload. */
public record JobCancelRequested(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId)
        implements JobEvent {

    public static JobCancelRequested of(UUID jobId, UUID accountId) {
        return new JobCancelRequested(UUID.randomUUID(), Instant.now(), 1, jobId, accountId);
    }
}
