package dev.bulkexport.common.events;

import dev.bulkexport.common.JobStatus;
import java.time.Instant;
import java.util.UUID;

/** The authoritative status of a job changed; {@code job} is the job object as the API shows it then. */
public record JobStatusChanged(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        JobStatus status, JobSnapshot job) implements JobEvent {

    public static JobStatusChanged of(JobSnapshot job, UUID accountId) {
        return new JobStatusChanged(UUID.randomUUID(), Instant.now(), 1, job.jobId(), accountId, job.status(), job);
    }
}
