package dev.bulkexport.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * How far a running export has come: the whole job's, or, when {@code shardIndex} is set, that shard's (the
 * api-service sums the shards). {@code shardIndex} is null for a job of one shard and in events published
 * before shards existed.
 */
public record JobProgressed(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        long rowsWritten, int propertiesDone, int propertiesTotal, Integer shardIndex) implements JobEvent {


    public static JobProgressed of(UUID jobId, UUID accountId, long rowsWritten, int propertiesDone,
            int propertiesTotal) {
        return of(jobId, accountId, rowsWritten, propertiesDone, propertiesTotal, null);
    }

    public static JobProgressed of(UUID jobId, UUID accountId, long rowsWritten, int propertiesDone,
            int propertiesTotal, Integer shardIndex) {
        return new JobProgressed(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, rowsWritten, propertiesDone,
                propertiesTotal, shardIndex);
    }
}
