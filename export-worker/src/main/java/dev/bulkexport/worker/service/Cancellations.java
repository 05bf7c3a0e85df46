package dev.bulkexport.worker.service;

import dev.bulkexport.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Jobs cancelled by their accounts, as this worker has heard. Every worker reads every cancellation (from the
 * start of the topic at every start), so a job is stopped wherever it runs and skipped wherever it is
 * delivered later. Memory stays bounded whatever the number of cancellations: the cancellation of a job
 * running here is kept until it ends; of any other job, only the most recent {@code cancellations-remembered}
 * (enough for the jobs queued on this worker's partitions), and none older than the topics' retention.
 */
@ApplicationScoped
public class Cancellations {
    /** Longer than the topics' retention: a job older than that is not redelivered any more. */
    private static final Duration REMEMBERED = Duration.ofDays(8);

    /** How many of each job's shards run here (a job of one shard: one). */
    private final Map<UUID, Integer> runningHere = new HashMap<>();
    private final Set<UUID> runningCancelled = new HashSet<>();
    private final Map<UUID, Instant> recent;

    @Inject
    public Cancellations(WorkerConfig config) {
        this(config.cancellationsRemembered());
    }

    Cancellations(int remembered) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Instant> eldest) {
                return size() > remembered;
            }
        };
    }

    public synchronized void cancel(UUID jobId, Instant at) {
        if (runningHere.containsKey(jobId)) {
            runningCancelled.add(jobId);
            return;
        }
        if (at.isAfter(Instant.now().minus(REMEMBERED))) {
            recent.put(jobId, at);
        }
    }

    public synchronized boolean isCancelled(UUID jobId) {
        return runningCancelled.contains(jobId) || recent.containsKey(jobId);
    }

    /**
     * The job (or one more of its shards) runs here from now on: its cancellation, when it comes, is kept until
     * {@link #finished} of its last one here.
     */
    synchronized void started(UUID jobId) {
        runningHere.merge(jobId, 1, Integer::sum);
        if (recent.remove(jobId) != null) {
            runningCancelled.add(jobId);
        }
    }

    /** The job (or one of its shards) ended here, or was handed back: nothing of it is kept after the last. */
    synchronized void finished(UUID jobId) {
        if (runningHere.merge(jobId, -1, Integer::sum) > 0) {
            return;
        }
        runningHere.remove(jobId);
        runningCancelled.remove(jobId);
        recent.remove(jobId);
    }

    /** How many cancellations are held. */
    synchronized int size() {
        return runningCancelled.size() + recent.size();
    }

    /** Thrown inside a running export to stop it. */
    static final class JobCancelledException extends RuntimeException {
        JobCancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
