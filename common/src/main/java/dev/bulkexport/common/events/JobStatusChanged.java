package dev.bulkexport.common.events;

import dev.bulkexport.common.JobStatus;
import java.time.Instant;
import java.util.UUID;

/** The authoritative status of a job changed; {@code job} is the job object as the API shows it then. */
public record JobStatusChanged(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        JobStatus status, JobSnapshot job) implements JobEvent {

    /** The Standard Webhooks id of a job outcome: the same for every attempt and redelivery of its webhook. */
    public static String webhookIdOf(UUID jobId, JobStatus outcome) {
        return "msg_" + jobId + "_" + outcome.wireName();
    }

    public static JobStatusChanged of(JobSnapshot job, UUID accountId) {
        return new JobStatusChanged(UUID.randomUUID(), Instant.now(), 1, job.jobId(), accountId, job.status(), job);
    }
}
