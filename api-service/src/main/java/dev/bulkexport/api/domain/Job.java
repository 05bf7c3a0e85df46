package dev.bulkexport.api.domain;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobSnapshot;
import dev.bulkexport.common.events.WebhookAttempted;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An export job and its state machine: submitted moves once to an outcome, and a terminal job ignores every
 * later update.
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
    public String webhookStatus;
    public Integer webhookAttempts;
    public Instant webhookLastAttemptAt;
    public Integer webhookLastResponseStatus;
    @Version
    public int version;

    public static Job submit(UUID accountId, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, String callbackUrl) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.accountId = accountId;
        job.reportType = reportType;
        job.outputFormat = outputFormat;
        job.propertyIds = propertyIds.toArray(Long[]::new);
        job.startDate = startDate;
        job.endDate = endDate;
        job.callbackUrl = callbackUrl;
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

    /** Cancels a submitted job; false when it is already cancelled. */
    public boolean cancel() {
        if (status == JobStatus.CANCELLED) {
            return false;
        }
        if (!status.canMoveTo(JobStatus.CANCELLED)) {
            throw new IllegalStateException("job " + id + " is " + status.wireName());
        }
        status = JobStatus.CANCELLED;
        completedAt = Instant.now();
        updatedAt = completedAt;
        return true;
    }

    /** Moves the job to the worker's outcome; false when the job is already terminal. */
    public boolean complete(JobCompleted completed) {
        if (!status.canMoveTo(completed.outcome())) {
            return false;
        }
        status = completed.outcome();
        completedAt = completed.occurredAt();
        updatedAt = Instant.now();
        errorMessage = completed.errorMessage();
        if (status == JobStatus.SUCCEEDED) {
            resultRowCount = completed.rowCount();
            resultFileSizeBytes = completed.fileSizeBytes();
            resultSha256 = completed.sha256();
            resultObjectKey = completed.objectKey();
            resultFileName = completed.fileName();
            rowsWritten = completed.rowCount();
            propertiesDone = propertyIds.length;
            propertiesTotal = propertyIds.length;
        }
        return true;
    }

    /** Shows a webhook attempt's outcome; an attempt older than the one shown changes nothing. */
    public boolean recordWebhookAttempt(WebhookAttempted attempt) {
        if (webhookAttempts != null && attempt.attempt() <= webhookAttempts) {
            return false;
        }
        webhookStatus = attempt.deliveryStatus();
        webhookAttempts = attempt.attempt();
        webhookLastAttemptAt = attempt.occurredAt();
        webhookLastResponseStatus = attempt.responseStatus();
        return true;
    }

    public JobSnapshot snapshot() {
        JobSnapshot.Progress progress = rowsWritten == null ? null
                : new JobSnapshot.Progress(rowsWritten, propertiesDone, propertiesTotal,
                        propertiesTotal == 0 ? 100 : propertiesDone * 100 / propertiesTotal);
        JobSnapshot.Result result = status != JobStatus.SUCCEEDED ? null
                : new JobSnapshot.Result(resultRowCount, resultFileSizeBytes, resultSha256, resultFileName);
        JobSnapshot.Webhook webhook = webhookStatus != null
                ? new JobSnapshot.Webhook(webhookStatus, webhookAttempts == null ? 0 : webhookAttempts,
                        webhookLastAttemptAt, webhookLastResponseStatus)
                : callbackUrl != null && status.isTerminal() ? new JobSnapshot.Webhook("pending", 0, null, null) : null;
        return new JobSnapshot(id, reportType, outputFormat, Arrays.asList(propertyIds), startDate, endDate, status,
                callbackUrl, errorMessage, createdAt, updatedAt, startedAt, completedAt, progress, result, webhook);
    }
}
