package dev.bulkexport.worker.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs cancelled by their accounts, as this worker has heard. Every worker reads every cancellation, so a
 * job is stopped wherever it runs and skipped wherever it is delivered later.
 */
@ApplicationScoped
public class Cancellations {
    /** Longer than the topics' retention: a job older than that is not redelivered any more. */
    private static final Duration REMEMBERED = Duration.ofDays(8);

    private final Map<UUID, Instant> cancelled = new ConcurrentHashMap<>();

    public void cancel(UUID jobId, Instant at) {
        cancelled.put(jobId, at);
        Instant horizon = Instant.now().minus(REMEMBERED);
        cancelled.values().removeIf(when -> when.isBefore(horizon));
    }

    public boolean isCancelled(UUID jobId) {
        return cancelled.containsKey(jobId);
    }

    /** Thrown inside a running export to stop it. */
    static final class JobCancelledException extends RuntimeException {
        JobCancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
