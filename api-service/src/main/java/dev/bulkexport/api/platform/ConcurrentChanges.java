package dev.bulkexport.api.platform;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.function.Function;

/**
 * Changes of a job run in a transaction that fails when another one changed the job first (its version): a cancel
 * and a worker's update, two replicas, an attempt and a redelivery. The loser is not wrong, only late: it runs
 * again on a fresh read, where the state machine decides anew (a cancel after the job succeeded is a 409, a
 * progress update after a cancel is ignored).
 */
public final class ConcurrentChanges {
    /** A job changes a few times a second at most; a handful of tries always gets through. */
    private static final int MAX_RETRIES = 8;

    private ConcurrentChanges() {
    }

    /** {@code change} in its own transaction, run again from the start while it loses to another change. */
    public static <T> Uni<T> retried(Pool pool, Function<SqlConnection, Uni<T>> change) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(change))
                .onFailure(ConcurrentChanges::lostToAnotherChange).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).atMost(MAX_RETRIES);
    }

    /** The version of what this transaction changes moved on under it. */
    public static boolean lostToAnotherChange(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof LostToAnotherChange) {
                return true;
            }
        }
        return false;
    }

    /** A row was not stored because another transaction changed it since it was read. */
    public static final class LostToAnotherChange extends RuntimeException {
        public LostToAnotherChange(String what) {
            super(what + " was changed by another transaction", null, false, false);
        }
    }
}
