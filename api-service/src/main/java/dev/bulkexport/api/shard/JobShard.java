package dev.bulkexport.api.shard;

import java.util.List;
import java.util.UUID;

/**
 * One shard of a job as stored in {@code api.job_shards}, immutable: queued with the job, moved to RUNNING by the
 * dispatcher (which moves {@code version} too), changed here only through {@link #finished} and
 * {@link #progressed}, each null when the change does not apply.
 */
record JobShard(UUID jobId, int shardIndex, int shardCount, List<Long> propertyIds, ShardStatus status,
        long rowsWritten, int propertiesDone, int version) {

    /** Moves an unfinished shard to {@code to}; null when it is finished already (the change is ignored). */
    JobShard finished(ShardStatus to) {
        if (status.isFinished()) {
            return null;
        }
        ShardStatus moved = ShardStatus.moves().move(jobId + "/" + shardIndex, status, to);
        return new JobShard(jobId, shardIndex, shardCount, propertyIds, moved, rowsWritten,
                to == ShardStatus.DONE ? propertyIds.size() : propertiesDone, version);
    }

    /** A running shard's progress; null when it is not running (a late report is ignored). */
    JobShard progressed(long rows, int properties) {
        if (status != ShardStatus.RUNNING) {
            return null;
        }
        return new JobShard(jobId, shardIndex, shardCount, propertyIds, status, rows, properties, version);
    }

    JobShard withRows(long rows) {
        return new JobShard(jobId, shardIndex, shardCount, propertyIds, status, rows, propertiesDone, version);
    }
}
