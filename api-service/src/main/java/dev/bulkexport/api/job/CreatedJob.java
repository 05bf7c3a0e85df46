package dev.bulkexport.api.job;


/** A job from a create request; {@code replayed} when an Idempotency-Key gave back an earlier job. */
public record CreatedJob(Job job, boolean replayed) {
}
