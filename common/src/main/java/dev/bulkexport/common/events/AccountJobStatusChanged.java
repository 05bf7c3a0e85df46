package dev.bulkexport.common.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A job of the account changed status, as the account's own topic carries it
 * ({@code export.account.<account_id>.job-status}): the job without what belongs to where it is delivered, no
 * callback URL and no coordinates of the account's bucket (bucket, prefix, region, endpoint), so that a
 * subscriber's credential never reveals them. The same fact as the internal JobStatusChanged, with its
 * {@code event_id}: deduplicate by it.
 */
public record AccountJobStatusChanged(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId,
        UUID accountId, JobStatus status, Job job) implements JobEvent {

    /**
     * The job as the account follows it: its spec (members beside the others, as in the API's job object), its
     * times, error and result. {@code scheduleId} names the schedule whose run it is; null otherwise.
     */
    public record Job(UUID jobId, @JsonUnwrapped JobSpec spec, JobStatus status, String errorMessage,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt, Result result,
            UUID scheduleId) {
    }

    /**
     * The result of a succeeded job; null otherwise. A job written to the account's bucket names the
     * destination by {@code destinationId} only; {@code fileName} and {@code sha256} are of the one file or the
     * manifest object.
     */
    public record Result(long rowCount, long fileSizeBytes, String sha256, String fileName, int fileCount,
            UUID destinationId) {
    }

    /** The account's view of an internal status change: the same event id, its delivery details left out. */
    public static AccountJobStatusChanged of(JobStatusChanged changed) {
        JobSnapshot job = changed.job();
        JobSnapshot.Result result = job.result();
        Result shown = result == null ? null : new Result(result.rowCount(), result.fileSizeBytes(), result.sha256(),
                result.fileName(), result.fileCount(),
                result.destination() == null ? null : result.destination().destinationId());
        return new AccountJobStatusChanged(changed.eventId(), changed.occurredAt(), 1, changed.jobId(),
                changed.accountId(), changed.status(), new Job(job.jobId(), job.spec(), job.status(),
                        job.errorMessage(), job.createdAt(), job.updatedAt(), job.startedAt(), job.completedAt(), shown,
                        job.scheduleId()));
    }
}
