package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.JobRecord;

/** A job from a create request; {@code replayed} when an Idempotency-Key gave back an earlier job. */
public record CreatedJob(JobRecord job, boolean replayed) {
}
