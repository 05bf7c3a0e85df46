package dev.bulkexport.messaging;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs relay rounds one at a time, so that events leave in the order they were written. A round publishes
 * batches until one is short; a wake-up that comes while a round runs is not lost: the round, whose query may
 * have missed the new rows, goes once more (or, if it had just ended, another starts). The api-service's shard
 * dispatcher runs its hand-out rounds with it too.
 */
public final class RelayRounds {
    private static final Logger LOG = Logger.getLogger(RelayRounds.class);

    private final String name;
    private final Supplier<Uni<Integer>> batch;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set by every wake-up; a round that finds it set when it ends goes once more. */
    private final AtomicBoolean wokenUp = new AtomicBoolean();
    private volatile boolean stopping;

    /** {@code batch} publishes up to {@code batchSize} events and answers how many it published. */
    RelayRounds(Supplier<Uni<Integer>> batch, int batchSize) {
        this("outbox relay", batch, batchSize);
    }

    /** As above; {@code name} says in logs whose round failed. */
    public RelayRounds(String name, Supplier<Uni<Integer>> batch, int batchSize) {
        this.name = name;
        this.batch = batch;
        this.batchSize = batchSize;
    }

    /** Starts a round now unless one runs; then that one goes on until it saw the rows of this wake-up. */
    public void wakeUp() {
        wokenUp.set(true);
        round().subscribe().with(ignored -> { }, e -> { });
    }

    /** A round, or nothing when one runs already or shutdown began; never fails (a failed round is logged). */
    public Uni<Void> round() {
        if (stopping || !running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        wokenUp.set(false);
        return Uni.createFrom().deferred(batch::get)
                .repeat().whilst(published -> !stopping && (published == batchSize || wokenUp.getAndSet(false)))
                .collect().last()
                .onFailure().invoke(e -> LOG.warnf("%s round failed, will retry: %s", name, e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(this::endRound)
                .replaceWithVoid();
    }

    /** No new rounds: the database pool closes before the scheduler stops. */
    public void stop() {
        stopping = true;
    }

    private void endRound() {
        running.set(false);
        if (wokenUp.get() && !stopping) {
            wakeUp();
        }
    }
}
