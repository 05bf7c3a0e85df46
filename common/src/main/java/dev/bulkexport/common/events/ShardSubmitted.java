package dev.bulkexport.common.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.bulkexport.common.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Internal, api-service to export workers on {@code export.shard.submitted}: the work record. Every job is cut
 * into shards 1 to {@code shardCount}, each a group of the job's properties in property order ({@code spec} is the
 * job's with the shard's {@code property_ids}); a job of one shard is shard 1 of 1, which the worker builds and
 * reports as the job itself. Any worker builds a shard of a fanned-out job into its own files.
 *
 * <p>The closing record of a fanned-out job, {@code shardIndex} 0, comes once every shard is done: {@code files}
 * lists the files of all shards in order (shard, then file), numbered from 1; the worker stores the manifest
 * object beside them and publishes the job's {@link JobCompleted}. {@code files} is null in every other record.
 * {@code destination} is where the job is written, with its credentials (null: our bucket).
 *
 * <p>{@code signature} is the api-service's HMAC of every other member
 * ({@code dev.bulkexport.common.secrets.WorkSignature}): a worker runs only records the api signed, so a record
 * written to the topic by anyone else (another account's folder, other properties, another bucket) writes nothing.
 */
public record ShardSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        int shardIndex, int shardCount, @JsonUnwrapped JobSpec spec, List<JobCompleted.File> files,
        ExportDestination destination, String signature) implements JobEvent {

    /** A shard to build: {@code spec} names its group of the job's properties. */
    public static ShardSubmitted of(UUID jobId, UUID accountId, int shardIndex, int shardCount, JobSpec spec,
            ExportDestination destination) {
        return new ShardSubmitted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, shardIndex, shardCount, spec,
                null, destination, null);
    }

    /** The closing record: store the manifest of {@code files} and publish the job's outcome. */
    public static ShardSubmitted closing(UUID jobId, UUID accountId, int shardCount, JobSpec spec,
            List<JobCompleted.File> files, ExportDestination destination) {
        return new ShardSubmitted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, 0, shardCount, spec,
                List.copyOf(files), destination, null);
    }

    /** This record with {@code signature} set (null: unsigned). */
    public ShardSubmitted withSignature(String signature) {
        return new ShardSubmitted(eventId, occurredAt, schemaVersion, jobId, accountId, shardIndex, shardCount, spec,
                files, destination, signature);
    }

    public boolean closesJob() {
        return files != null;
    }

    /** A job of one shard: built and reported as the job itself (JobStarted, JobProgressed, JobCompleted). */
    public boolean wholeJob() {
        return shardCount == 1 && !closesJob();
    }
}
