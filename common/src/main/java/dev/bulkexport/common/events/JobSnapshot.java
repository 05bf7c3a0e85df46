package dev.bulkexport.common.events;

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
 * members follow the ApartmentIQ v1 job object; {@code startedAt} onwards are our additions. {@code scheduleId}
 * names the schedule whose run this job is; null for a job created through POST /jobs.
 */
public record JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
        LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
        Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
        Result result, Webhook webhook, UUID scheduleId) {

    /** A snapshot of a job no schedule created: the shape before {@code schedule_id} was added. */
    public JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
            Result result, Webhook webhook) {
        this(jobId, reportType, outputFormat, propertyIds, startDate, endDate, status, callbackUrl, errorMessage,
                createdAt, updatedAt, startedAt, completedAt, progress, result, webhook, null);
    }

    /** A snapshot without webhook state: the shape before {@code webhook} was added. */
    public JobSnapshot(UUID jobId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Progress progress,
            Result result) {
        this(jobId, reportType, outputFormat, propertyIds, startDate, endDate, status, callbackUrl, errorMessage,
                createdAt, updatedAt, startedAt, completedAt, progress, result, null, null);
    }

    /** How far a running job has come; null before a worker starts it. */
    public record Progress(long rowsWritten, int propertiesDone, int propertiesTotal, int percent) {
    }

    /** The file of a succeeded job; null otherwise. */
    public record Result(long rowCount, long fileSizeBytes, String sha256, String fileName) {
    }

    /**
     * The outcome webhook of a job with a callback URL, once it has an outcome: {@code status} is
     * {@code pending}, {@code delivered} or {@code failed}; null otherwise.
     */
    public record Webhook(WebhookStatus status, int attempts, Instant lastAttemptAt, Integer lastResponseStatus) {
    }
}
