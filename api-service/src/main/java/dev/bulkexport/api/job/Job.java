package dev.bulkexport.api.job;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.IllegalTransitionException;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobSnapshot;
import dev.bulkexport.common.events.WebhookAttempted;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An export job, written only through its methods, which move its status and its webhook's state by their
 * tables of allowed moves ({@link JobStatus#moves()}, {@link WebhookStatus#moves()}): submitted moves once to an
 * outcome, and a terminal job ignores every later worker update. Reads that change nothing use
 * {@link JobRecord}.
 */
@Entity
@Table(name = "jobs", schema = "api")
public class Job extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID accountId;
    @Enumerated(EnumType.STRING)
    public ReportType reportType;
    @Enumerated(EnumType.STRING)
    public OutputFormat outputFormat;
    public Long[] propertyIds;
    public LocalDate startDate;
    public LocalDate endDate;
    @Enumerated(EnumType.STRING)
    public JobStatus status;
    public String callbackUrl;
    public String errorMessage;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant startedAt;
    public Instant completedAt;
    public Long rowsWritten;
    public Integer propertiesDone;
    public Integer propertiesTotal;
    public Long resultRowCount;
    public Long resultFileSizeBytes;
    public String resultSha256;
    public String resultObjectKey;
    public String resultFileName;
    @Convert(converter = WebhookStatusColumn.class)
    public WebhookStatus webhookStatus;
    public Integer webhookAttempts;
    public Instant webhookLastAttemptAt;
    public Integer webhookLastResponseStatus;
    @Version
    public int version;
    @Enumerated(EnumType.STRING)
    public Compression compression;
    public String[] fields;
    public Integer maxFileSizeMb;
    public Integer resultFileCount;
    /** The schedule whose run this job is; null for a job created through POST /jobs. */
    public UUID scheduleId;
    /** The customer's bucket the job is written to (null: ours), and where in it; see {@link #destination()}. */
    public UUID destinationId;
    public String destinationBucket;
    public String destinationPrefix;
    public String destinationRegion;
    public String destinationEndpoint;
    /** The destination's credentials (the secret sealed), kept only while the job is unfinished. */
    public String destinationAccessKeyId;
    public String destinationSealedSecret;

    public static Job submit(UUID accountId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, String callbackUrl) {
        return submit(accountId, reportType, outputFormat, propertyIds, startDate, endDate, callbackUrl, null, null,
                null, null);
    }

    /**
     * A new job; the report options are null when the create body left them out; {@code scheduleId} names the
     * schedule of a run, null otherwise.
     */
    public static Job submit(UUID accountId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, String callbackUrl, Compression compression, List<String> fields,
            Integer maxFileSizeMb, UUID scheduleId) {
        return submit(accountId, reportType, outputFormat, propertyIds, startDate, endDate, callbackUrl, compression,
                fields, maxFileSizeMb, scheduleId, null);
    }

    /** A new job written to {@code destination} (null: our bucket). */
    public static Job submit(UUID accountId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, String callbackUrl, Compression compression, List<String> fields,
            Integer maxFileSizeMb, UUID scheduleId, ExportDestination destination) {
        Job job = new Job();
        if (destination != null) {
            job.destinationId = destination.destinationId();
            job.destinationBucket = destination.bucket();
            job.destinationPrefix = destination.prefix();
            job.destinationRegion = destination.region();
            job.destinationEndpoint = destination.endpoint();
            job.destinationAccessKeyId = destination.accessKeyId();
            job.destinationSealedSecret = destination.sealedSecretAccessKey();
        }
        job.scheduleId = scheduleId;
        job.id = UUID.randomUUID();
        job.accountId = accountId;
        job.reportType = reportType;
        job.outputFormat = outputFormat;
        job.propertyIds = propertyIds.toArray(Long[]::new);
        job.startDate = startDate;
        job.endDate = endDate;
        job.callbackUrl = callbackUrl;
        job.compression = compression;
        job.fields = fields == null ? null : fields.toArray(String[]::new);
        job.maxFileSizeMb = maxFileSizeMb;
        job.status = JobStatus.SUBMITTED;
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        return job;
    }

    /** Records that a worker runs the job; false when the job is already terminal. */
    public boolean markStarted(Instant at) {
        if (status.isTerminal()) {
            return false;
        }
        if (startedAt == null) {
            startedAt = at;
        }
        updatedAt = Instant.now();
        return true;
    }

    /** Records progress; false when the job is already terminal. */
    public boolean recordProgress(JobProgressed progress) {
        if (status.isTerminal()) {
            return false;
        }
        rowsWritten = progress.rowsWritten();
        propertiesDone = progress.propertiesDone();
        propertiesTotal = progress.propertiesTotal();
        updatedAt = Instant.now();
        return true;
    }

    /**
     * Records the sums of a fanned-out job's shards. The job changes (and so its version) at every shard
     * event even when the sums do not: two updates about one job's shards never both commit.
     */
    public boolean recordShardProgress(long rows, int properties, int total) {
        if (status.isTerminal()) {
            return false;
        }
        rowsWritten = rows;
        propertiesDone = properties;
        propertiesTotal = total;
        updatedAt = Instant.now();
        return true;
    }

    /**
     * Cancels a submitted job; false when it is cancelled already. A job with another outcome cannot be
     * cancelled ({@link IllegalTransitionException}).
     */
    public boolean cancel() {
        if (status == JobStatus.CANCELLED) {
            return false;
        }
        status = JobStatus.moves().move(id, status, JobStatus.CANCELLED);
        forgetDestinationCredentials();
        completedAt = Instant.now();
        updatedAt = completedAt;
        return true;
    }

    /**
     * Moves the job to the worker's outcome; false when the job is already terminal (the update is ignored).
     * A success comes with the rows of its files, for the caller to persist in the same transaction.
     */
    public boolean complete(JobCompleted completed) {
        return complete(completed, files -> { });
    }

    /** As {@link #complete(JobCompleted)}, handing a success's file rows to {@code files}. */
    public boolean complete(JobCompleted completed, java.util.function.Consumer<List<JobResultFile>> files) {
        if (!status.canMoveTo(completed.outcome())) {
            return false;
        }
        status = JobStatus.moves().move(id, status, completed.outcome());
        forgetDestinationCredentials();
        completedAt = completed.occurredAt();
        updatedAt = Instant.now();
        errorMessage = completed.errorMessage();
        if (status == JobStatus.SUCCEEDED) {
            resultRowCount = completed.rowCount();
            resultFileSizeBytes = completed.fileSizeBytes();
            resultSha256 = completed.sha256();
            resultObjectKey = completed.objectKey();
            resultFileName = completed.fileName();
            List<JobCompleted.File> resultFiles = completed.filesOrSingle();
            resultFileCount = resultFiles.size();
            files.accept(resultFiles.stream().map(file -> JobResultFile.of(id, file)).toList());
            rowsWritten = completed.rowCount();
            propertiesDone = propertyIds.length;
            propertiesTotal = propertyIds.length;
        }
        return true;
    }

    /** The destination as the workers get it, credentials included; null for a job written to our bucket. */
    public ExportDestination destination() {
        return destinationId == null ? null : new ExportDestination(destinationId, destinationBucket,
                destinationPrefix, destinationRegion, destinationEndpoint, destinationAccessKeyId,
                destinationSealedSecret);
    }

    /** A finished job's files are written: its copy of the destination's credentials has no use left. */
    private void forgetDestinationCredentials() {
        destinationAccessKeyId = null;
        destinationSealedSecret = null;
    }

    /**
     * Shows the outcome webhook as pending again, as it will be sent anew. Only a job with an outcome and a
     * callback URL has a webhook to send ({@link IllegalTransitionException} otherwise).
     */
    public void requestWebhookRedelivery() {
        if (!status.isTerminal() || callbackUrl == null) {
            throw new IllegalTransitionException("Job " + id + " has "
                    + (callbackUrl == null ? "no callback_url" : "no outcome yet")
                    + "; only an outcome webhook can be redelivered");
        }
        webhookStatus = WebhookStatus.moves().move(id, currentWebhookStatus(), WebhookStatus.PENDING);
        updatedAt = Instant.now();
    }

    /**
     * Shows a webhook attempt's outcome; an attempt older than the one shown, or one whose state the webhook
     * cannot move to from the state shown, changes nothing.
     */
    public boolean recordWebhookAttempt(WebhookAttempted attempt) {
        if (webhookAttempts != null && attempt.attempt() <= webhookAttempts
                || !WebhookStatus.moves().allows(currentWebhookStatus(), attempt.deliveryStatus())) {
            return false;
        }
        webhookStatus = WebhookStatus.moves().move(id, currentWebhookStatus(), attempt.deliveryStatus());
        webhookAttempts = attempt.attempt();
        webhookLastAttemptAt = attempt.occurredAt();
        webhookLastResponseStatus = attempt.responseStatus();
        return true;
    }

    /** A webhook that no attempt reported on yet is pending (from the outcome on). */
    private WebhookStatus currentWebhookStatus() {
        return webhookStatus == null ? WebhookStatus.PENDING : webhookStatus;
    }

    /** The job as read (the same columns), e.g. for the answer to the request that changed it. */
    public JobRecord record() {
        return new JobRecord(id, accountId, reportType, outputFormat, propertyIds, startDate, endDate, status,
                callbackUrl, errorMessage, createdAt, updatedAt, startedAt, completedAt, rowsWritten, propertiesDone,
                propertiesTotal, resultRowCount, resultFileSizeBytes, resultSha256, resultObjectKey, resultFileName,
                webhookStatus, webhookAttempts, webhookLastAttemptAt, webhookLastResponseStatus, version, compression,
                fields, maxFileSizeMb, resultFileCount, scheduleId, destinationId, destinationBucket, destinationPrefix,
                destinationRegion, destinationEndpoint, destinationAccessKeyId, destinationSealedSecret);
    }

    public JobSnapshot snapshot() {
        return record().snapshot();
    }
}
