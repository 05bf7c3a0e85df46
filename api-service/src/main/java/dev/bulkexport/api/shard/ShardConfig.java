package dev.bulkexport.api.shard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Fan-out and fairness: a job whose estimated rows (properties × days × the report's rows per property-day) pass
 * {@link #fanOutRows} is cut into shards of about {@link #rowsPerShard} rows, groups of its properties that any
 * worker builds in parallel. Every job, sharded or not, is handed to the workers by the dispatcher, round-robin
 * across accounts and within each account's {@link #maxRunningPerAccount}.
 */
@ConfigMapping(prefix = "export.shards")
public interface ShardConfig {
    /** Estimated rows above which a job is cut into shards; at or below it the job is one shard. */
    @WithDefault("5000000")
    long fanOutRows();

    /** Estimated rows of one shard: the job is cut into estimated rows / this many shards (rounded up). */
    @WithDefault("2000000")
    long rowsPerShard();

    /** Most shards of one job (and never more than its properties). */
    @WithDefault("64")
    int maxPerJob();

    /**
     * Most shards (a job of one shard counts as one) of one account handed to the workers and not finished;
     * the rest wait in the api's queue, so one account's backlog never fills the workers.
     */
    @WithDefault("8")
    int maxRunningPerAccount();

    /** How often each replica looks for shards to hand out besides the wake-ups of creates and completions. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** Rows per property-day of the units report (tracked units per property), for the estimate. */
    @WithDefault("100")
    int unitsRowsPerPropertyDay();

    /** Rows per property-day of the floorplans report (floorplans per property), for the estimate. */
    @WithDefault("4")
    int floorplansRowsPerPropertyDay();
}
