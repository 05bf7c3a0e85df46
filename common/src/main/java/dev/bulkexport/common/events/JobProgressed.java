package dev.bulkexport.common.events;

import java.time.Instant;
import java.util.UUID;

/** How far a running export has come. */
public record JobProgressed(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        long rowsWritten, int propertiesDone, int propertiesTotal) implements JobEvent {

    public static JobProgressed of(UUID jobId, UUID accountId, long rowsWritten, int propertiesDone,
            int propertiesTotal) {
        return new JobProgressed(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, rowsWritten, propertiesDone,
                propertiesTotal);
    }
}
