package dev.bulkexport.common.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.WebhookStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The public job object: the API's response body, and the job inside JobStatusChanged and webhooks. Its
 * members follow the ApartmentIQ v1 job object, {@code spec}'s members standing beside the others; {@code startedAt}
 * onwards are our additions. {@code scheduleId} names the schedule whose run this job is; null for a job created
 * through POST /jobs.
 */
public record JobSnapshot(UUID jobId, @JsonUnwrapped JobSpec spec, JobStatus status, String callbackUrl,
        String errorMessage, Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt,
        Progress progress, Result result, Webhook webhook, UUID scheduleId) {

    /** How far a running job has come; null before a worker starts it. */
    public record Progress(long rowsWritten, int propertiesDone, int propertiesTotal, int percent) {
    }

    /**
     * The result of a succeeded job; null otherwise. {@code rowCount} and {@code fileSizeBytes} are totals over
     * its {@code fileCount} files; {@code fileName} and {@code sha256} are of what the download gives: the one
     * file, or the manifest object when there are several ({@code GET .../results/manifest} lists them).
     * {@code iceberg} is the snapshot a job with an {@code iceberg_table} committed; null for a job of files only.
     */
    public record Result(long rowCount, long fileSizeBytes, String sha256, String fileName, int fileCount,
            ResultDestination destination, JobCompleted.IcebergCommit iceberg) {
    }

    /**
     * Where a job written to the customer's bucket lies: {@code prefix} is the key prefix of its files and manifest
     * ({@code {destination prefix}/{job_id}/}; for an Iceberg sync the job's folder in the table's data,
     * {@code {destination prefix}/iceberg/{namespace}/{table}/data/date_month={yyyy-MM}/{job_id}/}), {@code objectKey} the key of what a download would give in our
     * bucket: the one file, or the manifest object of a job of several files. Null for our bucket.
     */
    public record ResultDestination(UUID destinationId, String type, String bucket, String prefix, String region,
            String endpoint, String objectKey) {
    }

    /**
     * The outcome webhook of a job with a callback URL, once it has an outcome: {@code status} is
     * {@code pending}, {@code delivered} or {@code failed}; null otherwise.
     */
    public record Webhook(WebhookStatus status, int attempts, Instant lastAttemptAt, Integer lastResponseStatus) {
    }
}
