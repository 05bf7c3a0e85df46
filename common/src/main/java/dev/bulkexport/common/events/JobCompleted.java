package dev.bulkexport.common.events;

import dev.bulkexport.common.JobStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A worker finished a job: {@code outcome} is terminal. The file members are set when it succeeded,
 * {@code errorMessage} when it failed.
 */
public record JobCompleted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        JobStatus outcome, Long rowCount, Long fileSizeBytes, String sha256, String objectKey, String fileName,
        String errorMessage) implements JobEvent {

    public static JobCompleted succeeded(UUID jobId, UUID accountId, long rowCount, long fileSizeBytes,
            String sha256, String objectKey, String fileName) {
        return new JobCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, JobStatus.SUCCEEDED, rowCount,
                fileSizeBytes, sha256, objectKey, fileName, null);
    }

    public static JobCompleted cancelled(UUID jobId, UUID accountId) {
        return new JobCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, JobStatus.CANCELLED, null, null,
                null, null, null, null);
    }

    public static JobCompleted failed(UUID jobId, UUID accountId, String errorMessage) {
        return new JobCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, JobStatus.FAILED, null, null,
                null, null, null, errorMessage);
    }
}
