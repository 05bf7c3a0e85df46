package dev.bulkexport.api.shard;

import dev.bulkexport.common.StateMachine;

/**
 * Where a shard of a job is: waiting in the api's queue, handed to the workers (published), or finished. The
 * dispatcher moves QUEUED to RUNNING; a worker's ShardCompleted, the job's outcome or its cancel finish it.
 */
public enum ShardStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    private static final StateMachine<ShardStatus> MOVES = StateMachine.of(ShardStatus.class, "shard")
            .allow(QUEUED, RUNNING, CANCELLED)
            .allow(RUNNING, DONE, FAILED, CANCELLED)
            .build();

    public static StateMachine<ShardStatus> moves() {
        return MOVES;
    }

    public boolean isFinished() {
        return MOVES.next(this).isEmpty();
    }
}
