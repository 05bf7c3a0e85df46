package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wall-clock deadline of each job or shard running here ({@code export.shard-deadline}), from its start:
 * calls to a destination are cut off when it comes ({@code ExportTargets}), rows are checked against it as they are
 * read, and a retry is not started past it, so that no shard holds a worker's slot longer.
 */
@ApplicationScoped
public class ShardDeadlines {
    private final Duration length;
    private final Map<String, Long> deadlines = new ConcurrentHashMap<>();

    @Inject
    public ShardDeadlines(WorkerConfig config) {
        this(config.shardDeadline());
    }

    public ShardDeadlines(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    /** The work starts its time here. */
    void start(ShardSubmitted work) {
        deadlines.put(key(work), System.nanoTime() + length.toNanos());
    }

    void end(ShardSubmitted work) {
        deadlines.remove(key(work));
    }

    /** What is left of the work's time; null when it was not started here. */
    Duration remaining(ShardSubmitted work) {
        Long deadline = deadlines.get(key(work));
        return deadline == null ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** @throws ShardDeadlineException when the work's time is up */
    void throwIfPassed(ShardSubmitted work) {
        Duration left = remaining(work);
        if (left != null && left.isZero()) {
            throw new ShardDeadlineException(length);
        }
    }

    private static String key(ShardSubmitted work) {
        return work.jobId() + "/" + work.shardIndex();
    }

    /** The work ran past its deadline: it fails for good, never retried. */
    static final class ShardDeadlineException extends RuntimeException {
        private final Duration length;

        ShardDeadlineException(Duration length) {
            super("did not finish within its deadline of " + length, null, false, false);
            this.length = length;
        }

        Duration length() {
            return length;
        }
    }
}
