package dev.bulkexport.api.job;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A job as read, immutable: the one read model of {@code api.jobs}. Its components are the table's columns (in
 * snake_case, {@link #COLUMNS}); the {@link Job} entity has the same fields, which a test checks, so a column
 * added to one and not the other fails the build instead of reading as null.
 */
public record JobRecord(UUID id, UUID accountId, ReportType reportType, OutputFormat outputFormat, Long[] propertyIds,
        LocalDate startDate, LocalDate endDate, JobStatus status, String callbackUrl, String errorMessage,
        Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Long rowsWritten,
        Integer propertiesDone, Integer propertiesTotal, Long resultRowCount, Long resultFileSizeBytes,
        String resultSha256, String resultObjectKey, String resultFileName, WebhookStatus webhookStatus,
        Integer webhookAttempts, Instant webhookLastAttemptAt, Integer webhookLastResponseStatus, int version,
        Compression compression, String[] fields, Integer maxFileSizeMb, Integer resultFileCount,
        UUID scheduleId, UUID destinationId, String destinationBucket, String destinationPrefix,
        String destinationRegion, String destinationEndpoint, String destinationAccessKeyId,
        String destinationSealedSecret) {

    /** The columns of {@code api.jobs}, in component order. */
    public static final List<String> COLUMNS = Arrays.stream(JobRecord.class.getRecordComponents())
            .map(component -> snakeCase(component.getName())).toList();

    /** The public job object. */
    public JobSnapshot snapshot() {
        JobSnapshot.Progress progress = rowsWritten == null ? null
                : new JobSnapshot.Progress(rowsWritten, propertiesDone, propertiesTotal,
                        propertiesTotal == 0 ? 100 : propertiesDone * 100 / propertiesTotal);
        JobSnapshot.Result result = status != JobStatus.SUCCEEDED ? null
                : new JobSnapshot.Result(resultRowCount, resultFileSizeBytes, resultSha256, resultFileName,
                        resultFileCount == null ? 1 : resultFileCount, destinationView());
        JobSnapshot.Webhook webhook = webhookStatus != null
                ? new JobSnapshot.Webhook(webhookStatus, webhookAttempts == null ? 0 : webhookAttempts,
                        webhookLastAttemptAt, webhookLastResponseStatus)
                : callbackUrl != null && status.isTerminal()
                        ? new JobSnapshot.Webhook(WebhookStatus.PENDING, 0, null, null) : null;
        return new JobSnapshot(id, reportType, outputFormat, Arrays.asList(propertyIds), startDate, endDate, status,
                callbackUrl, errorMessage, createdAt, updatedAt, startedAt, completedAt, progress, result, webhook,
                compression, fields == null ? null : List.of(fields), maxFileSizeMb, scheduleId, destinationId);
    }

    /** Where a job written to a destination lies (no credentials); null for our bucket. */
    private JobSnapshot.ResultDestination destinationView() {
        if (destinationId == null) {
            return null;
        }
        String prefix = ExportDestination.keyPrefix(destinationPrefix, id);
        // The result's object key is the manifest's (or the one file's) key in the customer's bucket.
        return new JobSnapshot.ResultDestination(destinationId, "s3", destinationBucket, prefix, destinationRegion,
                destinationEndpoint, resultObjectKey);
    }

    /** Whether the job's files are in the customer's bucket rather than ours. */
    public boolean writtenToDestination() {
        return destinationId != null;
    }

    @Override
    public String toString() {
        // Never the sealed secret, even in a log line or an assertion message.
        return "JobRecord[id=" + id + ", accountId=" + accountId + ", status=" + status + "]";
    }

    public static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
