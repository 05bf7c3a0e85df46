package dev.bulkexport.common.events;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.WebhookStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The public job object: the API's response body, and the job inside JobStatusChanged and webhooks. Its
 * members follow the ApartmentIQ v1 job object; {@code startedAt} onwards are our additions. The report
 * options ({@code compression}, {@code fields}, {@code maxFileSizeMb}) are null when the create body left them
 * out.
 * {@code scheduleId} names the schedule whose run this job is; null for a job created through POST /jobs.
 * {@code destinationId} names the customer's bucket the job is written to; null for our bucket.
 */
public record JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
        LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
        Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
        Result result, Webhook webhook, Compression compression, List<String> fields, Integer maxFileSizeMb,
        UUID scheduleId, UUID destinationId) {

    /** A snapshot without a destination: the shape before destinations were added. */
    public JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
            Result result, Webhook webhook, Compression compression, List<String> fields, Integer maxFileSizeMb,
            UUID scheduleId) {
        this(jobId, reportType, outputFormat, propertyIds, startDate, endDate, status, callbackUrl, errorMessage,
                createdAt, updatedAt, startedAt, completedAt, progress, result, webhook, compression, fields,
                maxFileSizeMb, scheduleId, null);
    }

    /** A snapshot without report options or schedule: the shape before they were added. */
    public JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
            Result result, Webhook webhook) {
        this(jobId, reportType, outputFormat, propertyIds, startDate, endDate, status, callbackUrl, errorMessage,
                createdAt, updatedAt, startedAt, completedAt, progress, result, webhook, null, null, null, null, null);
    }

    /** A snapshot without webhook state: the shape before {@code webhook} was added. */
    public JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
            Result result) {
        this(jobId, reportType, outputFormat, propertyIds, startDate, endDate, status, callbackUrl, errorMessage,
                createdAt, updatedAt, startedAt, completedAt, progress, result, (Webhook) null);
    }

    /** How far a running job has come; null before a worker starts it. */
    public record Progress(long rowsWritten, int propertiesDone, int propertiesTotal, int percent) {
    }

    /**
     * The result of a succeeded job; null otherwise. {@code rowCount} and {@code fileSizeBytes} are totals over
     * its {@code fileCount} files; {@code fileName} and {@code sha256} are of what the download gives: the one
     * file, or the manifest object when there are several ({@code GET .../results/manifest} lists them).
     */
    public record Result(long rowCount, long fileSizeBytes, String sha256, String fileName, int fileCount,
            ResultDestination destination) {

        /** A result in our bucket: the shape before destinations were added. */
        public Result(long rowCount, long fileSizeBytes, String sha256, String fileName, int fileCount) {
            this(rowCount, fileSizeBytes, sha256, fileName, fileCount, null);
        }

        /** A result of one file: the shape before {@code fileCount} was added. */
        public Result(long rowCount, long fileSizeBytes, String sha256, String fileName) {
            this(rowCount, fileSizeBytes, sha256, fileName, 1);
        }
    }

    /**
     * Where a job written to the customer's bucket lies: {@code prefix} is the key prefix of its files and manifest
     * ({@code {destination prefix}/{job_id}/}), {@code objectKey} the key of what a download would give in our
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
