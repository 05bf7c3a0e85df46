package dev.bulkexport.messaging;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When and in what batches a service's {@link RetentionSweep} runs: the part every service's settings share. */
public interface RetentionSchedule {
    /** How often a replica sweeps; the first sweep comes one interval after start. */
    @WithDefault("10m")
    Duration interval();

    /** Most rows one DELETE removes, so that no statement holds its locks for long. */
    @WithDefault("1000")
    int batchSize();
}
