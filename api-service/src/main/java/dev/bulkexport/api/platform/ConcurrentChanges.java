package dev.bulkexport.api.platform;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;

/**
 * Changes of a job run in a transaction that fails when another one changed the job first (the entity's
 * version): a cancel and a worker's update, two replicas, an attempt and a redelivery. The loser is not wrong,
 * only late: it runs again on a fresh read, where the state machine decides anew (a cancel after the job
 * succeeded is a 409, a progress update after a cancel is ignored).
 */
public final class ConcurrentChanges {
    /** A job changes a few times a second at most; a handful of tries always gets through. */
    private static final int MAX_RETRIES = 8;

    private ConcurrentChanges() {
    }

    /** {@code change} in its own transaction, run again from the start while it loses to another change. */
    public static <T> Uni<T> retried(Supplier<Uni<T>> change) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(change::get))
                .onFailure(ConcurrentChanges::lostToAnotherChange).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).atMost(MAX_RETRIES);
    }

    /** The job's version moved on under this transaction. */
    public static boolean lostToAnotherChange(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
