package dev.bulkexport.worker.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The exports running on this worker, and whether it is stopping. On shutdown (SIGTERM) the running exports
 * stop at once, abort their uploads and publish nothing: their records stay unacknowledged, so another
 * worker redoes them after the rebalance, into the same object key. A stopping worker starts no new job.
 */
@ApplicationScoped
public class RunningExports {
    private static final Logger LOG = Logger.getLogger(RunningExports.class);
    /** Leaves the Kafka consumers time to close within a 30 s grace period after the exports stopped. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);

    public boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** Runs before the Kafka connector closes its consumers (when the application's beans are destroyed). */
    void onShutdown(@Observes ShutdownEvent event) {
        stop(STOP_WAIT);
    }

    /** Stops the running exports and waits, at most {@code wait}, until they have aborted their uploads. */
    public void stop(Duration wait) {
        stopping.countDown();
        int running = threads.size();
        // Wakes exports blocked on a part upload, a backoff or a Kafka acknowledgement.
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            for (long left = wait.toNanos(); !threads.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (threads.isEmpty()) {
            LOG.infof("worker stopping: %d running exports stopped and handed back", running);
        } else {
            LOG.warnf("%d exports still stopping after %s; their records stay unacknowledged", threads.size(), wait);
        }
    }

    /** Registers the calling thread as running an export; {@link #leave()} when it is done. */
    void enter() {
        threads.add(Thread.currentThread());
    }

    void leave() {
        threads.remove(Thread.currentThread());
        Thread.interrupted(); // a stop's interrupt must not reach the pool thread's next task
        synchronized (this) {
            notifyAll();
        }
    }

    void throwIfStopping() {
        if (isStopping()) {
            throw new WorkerStoppingException();
        }
    }

    /** Waits for {@code delay} unless the worker stops first. */
    void pause(Duration delay) {
        try {
            if (stopping.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new WorkerStoppingException();
            }
        } catch (InterruptedException e) {
            throwIfStopping(); // only a stop interrupts an export; any other wake-up just ends the wait early
        }
    }

    /** Thrown inside an export to hand it back: nothing is published and its record is not acknowledged. */
    public static final class WorkerStoppingException extends RuntimeException {
        WorkerStoppingException() {
            super("the worker is stopping", null, false, false);
        }
    }
}
