package dev.bulkexport.common.events;

import dev.bulkexport.common.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Internal, export worker to api-service on {@code export.job.worker-updates}: a worker finished one shard of a
 * fanned-out job. {@code outcome} is SUCCEEDED with the shard's {@code files} (numbered from 1 within the shard)
 * and their total {@code rowCount}, FAILED with {@code errorMessage}, or CANCELLED. The api-service records a
 * succeeded shard's files: that is its checkpoint, never built again.
 */
public record ShardCompleted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        int shardIndex, JobStatus outcome, Long rowCount, String errorMessage, List<JobCompleted.File> files)
        implements JobEvent {

    public static ShardCompleted succeeded(UUID jobId, UUID accountId, int shardIndex, List<JobCompleted.File> files) {
        return new ShardCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, shardIndex,
                JobStatus.SUCCEEDED, files.stream().mapToLong(JobCompleted.File::rowCount).sum(), null,
                List.copyOf(files));
    }

    public static ShardCompleted failed(UUID jobId, UUID accountId, int shardIndex, String errorMessage) {
        return new ShardCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, shardIndex, JobStatus.FAILED,
                null, errorMessage, null);
    }

    public static ShardCompleted cancelled(UUID jobId, UUID accountId, int shardIndex) {
        return new ShardCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, shardIndex,
                JobStatus.CANCELLED, null, null, null);
    }
}
