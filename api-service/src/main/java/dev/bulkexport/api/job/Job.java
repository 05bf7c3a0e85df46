package dev.bulkexport.api.job;

import dev.bulkexport.common.IllegalTransitionException;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobSnapshot;
import dev.bulkexport.common.events.WebhookAttempted;
import java.time.Instant;
import java.util.UUID;

/**
 * An export job as stored in {@code api.jobs}, immutable. Every change is a method that returns the changed job,
 * or null when the change does not apply (a worker's update to a job that ended), and moves the status and the
 * webhook's state only by their tables of allowed moves ({@link JobStatus#moves()}, {@link WebhookStatus#moves()}).
 * What belongs to one state lives in that state's record: {@link Run} once a worker reports, {@link Outcome} once
 * the job ended, {@link JobSnapshot.Webhook} once the notifier reports an attempt. {@code destination} is the
 * customer's bucket the job is written to (null: ours), with its credentials while the job is unfinished.
 * {@code version} moves with every stored change ({@link JobRows#update}).
 */
public record Job(UUID id, UUID accountId, JobSpec spec, String callbackUrl, UUID scheduleId,
        ExportDestination destination, JobStatus status, Instant createdAt, Instant updatedAt, int version, Run run,
        Outcome outcome, JobSnapshot.Webhook webhook) {

    /** A worker runs the job: since when, and how far it has come (null before the first report of either). */
    public record Run(Instant startedAt, Progress progress) {
    }

    /** Rows written and properties done of the properties in all. */
    public record Progress(long rowsWritten, int propertiesDone, int propertiesTotal) {
    }

    /** When the job ended and how: the worker's error for a failure, the result of a success. */
    public record Outcome(Instant completedAt, String errorMessage, Result result) {
    }

    /**
     * A succeeded job's result: totals over its {@code fileCount} files, and the object the download gives (the
     * one file, or the manifest object of several); {@code iceberg} is the snapshot an Iceberg sync committed.
     */
    public record Result(long rowCount, long fileSizeBytes, String sha256, String objectKey, String fileName,
            int fileCount, JobCompleted.IcebergCommit iceberg) {
    }

    /** A new job of the spec; {@code scheduleId} names the schedule of a run, null otherwise. */
    public static Job submit(UUID accountId, JobSpec spec, String callbackUrl, UUID scheduleId,
            ExportDestination destination) {
        Instant now = Instant.now();
        return new Job(UUID.randomUUID(), accountId, spec, callbackUrl, scheduleId, destination, JobStatus.SUBMITTED,
                now, now, 0, null, null, null);
    }

    /** A worker runs the job; null when the job ended already. */
    public Job started(Instant at) {
        if (status.isTerminal()) {
            return null;
        }
        Run started = new Run(run == null || run.startedAt() == null ? at : run.startedAt(),
                run == null ? null : run.progress());
        return withRun(started);
    }

    /** How far the job has come (for a fanned-out job: the sums of its shards); null when the job ended already. */
    public Job progressed(Progress progress) {
        if (status.isTerminal()) {
            return null;
        }
        return withRun(new Run(run == null ? null : run.startedAt(), progress));
    }

    /**
     * Cancels a submitted job; null when it is cancelled already. A job with another outcome cannot be cancelled
     * ({@link IllegalTransitionException}).
     */
    public Job cancelled() {
        if (status == JobStatus.CANCELLED) {
            return null;
        }
        Instant now = Instant.now();
        return ended(JobStatus.moves().move(id, status, JobStatus.CANCELLED), new Outcome(now, null, null), now);
    }

    /** The worker's outcome; null when the job ended already (the update is ignored). */
    public Job completed(JobCompleted completed) {
        if (!status.canMoveTo(completed.outcome())) {
            return null;
        }
        JobStatus outcomeStatus = JobStatus.moves().move(id, status, completed.outcome());
        Result result = null;
        Run finalRun = run;
        if (outcomeStatus == JobStatus.SUCCEEDED) {
            result = new Result(completed.rowCount(), completed.fileSizeBytes(), completed.sha256(),
                    completed.objectKey(), completed.fileName(), completed.filesOrSingle().size(), completed.iceberg());
            int properties = spec.propertyIds().size();
            finalRun = new Run(run == null ? null : run.startedAt(),
                    new Progress(completed.rowCount(), properties, properties));
        }
        return new Job(id, accountId, spec, callbackUrl, scheduleId, withoutCredentials(), outcomeStatus, createdAt,
                Instant.now(), version, finalRun, new Outcome(completed.occurredAt(), completed.errorMessage(), result),
                webhook);
    }

    /**
     * Shows the outcome webhook as pending again, as it will be sent anew. Only a job with an outcome and a
     * callback URL has a webhook to send ({@link IllegalTransitionException} otherwise).
     */
    public Job webhookRedeliveryRequested() {
        if (!status.isTerminal() || callbackUrl == null) {
            throw new IllegalTransitionException("Job " + id + " has "
                    + (callbackUrl == null ? "no callback_url" : "no outcome yet")
                    + "; only an outcome webhook can be redelivered");
        }
        WebhookStatus pending = WebhookStatus.moves().move(id, webhookStatus(), WebhookStatus.PENDING);
        return withWebhook(new JobSnapshot.Webhook(pending, webhook == null ? 0 : webhook.attempts(),
                webhook == null ? null : webhook.lastAttemptAt(),
                webhook == null ? null : webhook.lastResponseStatus()), Instant.now());
    }

    /**
     * Shows a webhook attempt's outcome; null when the attempt is older than the one shown, or its state is one the
     * webhook cannot move to from the state shown.
     */
    public Job webhookAttempted(WebhookAttempted attempt) {
        if (webhook != null && attempt.attempt() <= webhook.attempts()
                || !WebhookStatus.moves().allows(webhookStatus(), attempt.deliveryStatus())) {
            return null;
        }
        WebhookStatus moved = WebhookStatus.moves().move(id, webhookStatus(), attempt.deliveryStatus());
        return withWebhook(new JobSnapshot.Webhook(moved, attempt.attempt(), attempt.occurredAt(),
                attempt.responseStatus()), updatedAt);
    }

    /** The public job object. */
    public JobSnapshot snapshot() {
        Progress progress = run == null ? null : run.progress();
        JobSnapshot.Progress shown = progress == null ? null : new JobSnapshot.Progress(progress.rowsWritten(),
                progress.propertiesDone(), progress.propertiesTotal(), progress.propertiesTotal() == 0 ? 100
                        : progress.propertiesDone() * 100 / progress.propertiesTotal());
        Result result = outcome == null ? null : outcome.result();
        JobSnapshot.Result shownResult = status != JobStatus.SUCCEEDED || result == null ? null
                : new JobSnapshot.Result(result.rowCount(), result.fileSizeBytes(), result.sha256(), result.fileName(),
                        result.fileCount(), destinationView(result), result.iceberg());
        JobSnapshot.Webhook shownWebhook = webhook != null ? webhook
                : callbackUrl != null && status.isTerminal() ? new JobSnapshot.Webhook(WebhookStatus.PENDING, 0, null,
                        null) : null;
        return new JobSnapshot(id, spec, status, callbackUrl, outcome == null ? null : outcome.errorMessage(),
                createdAt, updatedAt, run == null ? null : run.startedAt(),
                outcome == null ? null : outcome.completedAt(), shown, shownResult, shownWebhook, scheduleId);
    }

    /** Whether the job's files are in the customer's bucket rather than ours. */
    public boolean writtenToDestination() {
        return destination != null;
    }

    /** Where a job written to a destination lies (no credentials); null for our bucket. */
    private JobSnapshot.ResultDestination destinationView(Result result) {
        if (destination == null) {
            return null;
        }
        // The result's object key is the manifest's (or the one file's) key in the customer's bucket.
        String prefix = spec.syncsIcebergTable() ? destination.icebergDataPrefix(spec.icebergTable(),
                spec.startDate(), id) : destination.keyPrefix(id);
        return new JobSnapshot.ResultDestination(destination.destinationId(), "s3", destination.bucket(), prefix,
                destination.region(), destination.endpoint(), result.objectKey());
    }

    /** A webhook that no attempt reported on yet is pending (from the outcome on). */
    private WebhookStatus webhookStatus() {
        return webhook == null ? WebhookStatus.PENDING : webhook.status();
    }

    private Job ended(JobStatus to, Outcome how, Instant now) {
        return new Job(id, accountId, spec, callbackUrl, scheduleId, withoutCredentials(), to, createdAt, now, version,
                run, how, webhook);
    }

    /** A finished job's files are written: its copy of the destination's credentials has no use left. */
    private ExportDestination withoutCredentials() {
        return destination == null ? null : new ExportDestination(destination.destinationId(), destination.bucket(),
                destination.prefix(), destination.region(), destination.endpoint(), null, null);
    }

    private Job withRun(Run changed) {
        return new Job(id, accountId, spec, callbackUrl, scheduleId, destination, status, createdAt, Instant.now(),
                version, changed, outcome, webhook);
    }

    private Job withWebhook(JobSnapshot.Webhook changed, Instant at) {
        return new Job(id, accountId, spec, callbackUrl, scheduleId, destination, status, createdAt, at, version, run,
                outcome, changed);
    }

    @Override
    public String toString() {
        // Never the sealed secret, even in a log line or an assertion message.
        return "Job[id=" + id + ", accountId=" + accountId + ", status=" + status + "]";
    }
}
