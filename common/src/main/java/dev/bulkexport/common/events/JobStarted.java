package dev.bulkexport.common.events;

import java.time.Instant;
import java.util.UUID;

/** A worker began building the job's file. Sent again if the job is redelivered to another worker. */
public record JobStarted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        String workerId) implements JobEvent {

    public static JobStarted of(UUID jobId, UUID accountId, String workerId) {
        return new JobStarted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, workerId);
    }
}
