package dev.bulkexport.worker.service;

import dev.bulkexport.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The exports running on this worker, and whether it is stopping. On shutdown (SIGTERM), once the drain below
 * is over, the running exports stop, abort their uploads and publish nothing: their records stay
 * unacknowledged, so another worker redoes them after the rebalance, into the same object key. A stopping
 * worker starts no new job.
 * <p>
 * When a rebalance takes partitions away (a worker joins or leaves the group), the exports of records from
 * those partitions are handed back the same way before the partitions go (the rebalance listener waits for
 * them), so the job's next owner never runs it while this worker still does; a record of a partition that has
 * already gone is handed back without starting.
 * <p>
 * A worker told to stop may first drain: its running exports have {@code export.drain-timeout} to finish
 * while it starts no new one (a Kubernetes scale-in or rollout then costs no work).
 */
@ApplicationScoped
public class RunningExports {
    private static final Logger LOG = Logger.getLogger(RunningExports.class);
    /** Leaves the Kafka consumers time to close within a 30 s grace period after the exports stopped. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** The partition each export's record came from; removed (with its hand-back mark) under this object's lock. */
    private final Map<Thread, TopicPartition> sources = new ConcurrentHashMap<>();
    private final Set<Thread> handedBack = ConcurrentHashMap.newKeySet();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Runs before the Kafka connector closes its consumers (when the application's beans are destroyed): the
     * running exports have the drain timeout to finish (their outcomes are published and their records
     * acknowledged as usual), then what is left is stopped and handed back.
     */
    void onShutdown(@Observes ShutdownEvent event, WorkerConfig config) {
        drain(config.drainTimeout());
        stop(STOP_WAIT);
    }

    /** Starts no new export and waits, at most {@code budget}, until the running ones have finished. */
    public void drain(Duration budget) {
        draining = true;
        Set<Thread> before = Set.copyOf(threads);
        if (before.isEmpty() || budget.isZero()) {
            return;
        }
        LOG.infof("worker stopping: %d running exports may finish within %s", before.size(), budget);
        awaitGone(before, threads, budget);
        long left = threads.stream().filter(before::contains).count();
        LOG.infof("worker stopping: %d running exports finished, %d to hand back", before.size() - left, left);
    }

    /** Stops the running exports and waits, at most {@code wait}, until they have aborted their uploads. */
    public void stop(Duration wait) {
        stopping.countDown();
        int running = threads.size();
        // Wakes exports blocked on a part upload, a backoff or a Kafka acknowledgement.
        threads.forEach(Thread::interrupt);
        awaitGone(Set.copyOf(threads), threads, wait);
        if (threads.isEmpty()) {
            LOG.infof("worker stopping: %d running exports stopped and handed back", running);
        } else {
            LOG.warnf("%d exports still stopping after %s; their records stay unacknowledged", threads.size(), wait);
        }
    }

    /** The rebalance gave this worker these partitions. */
    public void assigned(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
    }

    /**
     * The rebalance takes these partitions away: the exports of their records are handed back, and this waits,
     * at most {@code wait}, until they have aborted their uploads.
     */
    public void revoked(Collection<TopicPartition> partitions, Duration wait) {
        assigned.removeAll(partitions);
        Set<Thread> stopped = new HashSet<>();
        synchronized (this) {
            sources.forEach((thread, partition) -> {
                if (partitions.contains(partition)) {
                    stopped.add(thread);
                    handedBack.add(thread);
                    thread.interrupt();
                }
            });
        }
        awaitGone(stopped, sources.keySet(), wait);
        LOG.infof("partitions %s moved to another worker: %d running exports of theirs handed back%s", partitions,
                stopped.size(), sources.keySet().stream().anyMatch(stopped::contains) ? " (some still stopping)" : "");
    }

    /**
     * Runs the export of a record of {@code partition} (null: a record of no Kafka partition), unless that
     * partition is no longer this worker's.
     */
    public ExportService.Result from(TopicPartition partition, Supplier<ExportService.Result> export) {
        if (partition == null) {
            return export.get();
        }
        Thread me = Thread.currentThread();
        sources.put(me, partition);
        try {
            if (!assigned.contains(partition)) {
                LOG.infof("a record of %s arrived after the partition moved to another worker: handed back", partition);
                return ExportService.Result.HANDED_BACK;
            }
            if (draining || isStopping()) {
                return ExportService.Result.HANDED_BACK;
            }
            return export.get();
        } finally {
            synchronized (this) {
                sources.remove(me);
                handedBack.remove(me);
                Thread.interrupted(); // a hand-back's interrupt must not reach the pool thread's next task
                notifyAll();
            }
        }
    }

    /** Waits, at most {@code wait}, until none of {@code these} is among {@code running}. */
    private synchronized void awaitGone(Set<Thread> these, Set<Thread> running, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); running.stream().anyMatch(these::contains) && left > 0;
                left = deadline - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
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
            throw new WorkerStoppingException("the worker is stopping");
        }
        if (handedBack.contains(Thread.currentThread())) {
            throw new WorkerStoppingException("its partition moved to another worker");
        }
    }

    /** Waits for {@code delay} unless the worker stops, or the export is handed back, first. */
    void pause(Duration delay) {
        try {
            if (stopping.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new WorkerStoppingException("the worker is stopping");
            }
        } catch (InterruptedException e) {
            throwIfStopping(); // only a stop or a hand-back interrupts an export; any other wake-up ends the wait early
        }
    }

    /** Thrown inside an export to hand it back: nothing is published and its record is not acknowledged. */
    public static final class WorkerStoppingException extends RuntimeException {
        WorkerStoppingException(String why) {
            super(why, null, false, false);
        }
    }
}
