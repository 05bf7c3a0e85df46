package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.worker.messaging.WorkerUpdatePublisher;
import dev.bulkexport.worker.service.RunningExports.WorkerStoppingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one job, or one shard of a fanned-out job: publishes its start, builds its files (again from the start after a transient failure, within
 * the retry budget) and publishes its outcome, each publication repeated until Kafka acknowledges it.
 */
@ApplicationScoped
public class ExportService {
    private static final Logger LOG = Logger.getLogger(ExportService.class);
    private static final String WORKER_ID = ManagementFactory.getRuntimeMXBean().getName();

    /** What became of a job, and so of its record. */
    public enum Result {
        /** Its outcome is published, or it needs none (cancelled before it started): acknowledge the record. */
        DONE,
        /** The worker is stopping: nothing was published; leave the record for the next worker. */
        HANDED_BACK
    }

    private final ExportBuilder builder;
    private final WorkerUpdatePublisher updates;
    private final WorkerConfig config;
    private final Cancellations cancellations;
    private final RunningExports running;
    private final ExportMetrics metrics;
    private final ShardDeadlines deadlines;
    private final RetryTime time;

    /** How retries read the time and wait: the real ones here, a hand-driven one in tests. */
    interface RetryTime {
        long nanoTime();

        /** Waits {@code delay} unless the worker stops first ({@link RunningExports#pause}). */
        void pause(Duration delay);
    }

    @Inject
    public ExportService(ExportBuilder builder, WorkerUpdatePublisher updates, WorkerConfig config,
            Cancellations cancellations, RunningExports running, ExportMetrics metrics, ShardDeadlines deadlines) {
        this(builder, updates, config, cancellations, running, metrics, deadlines, new RetryTime() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void pause(Duration delay) {
                running.pause(delay);
            }
        });
    }

    ExportService(ExportBuilder builder, WorkerUpdatePublisher updates, WorkerConfig config,
            Cancellations cancellations, RunningExports running, ExportMetrics metrics, ShardDeadlines deadlines,
            RetryTime time) {
        this.builder = builder;
        this.updates = updates;
        this.config = config;
        this.cancellations = cancellations;
        this.running = running;
        this.metrics = metrics;
        this.deadlines = deadlines;
        this.time = time;
    }

    /**
     * Runs the work of a record: a job of one shard is built and reported as the job itself; a shard of a fanned-out
     * job publishes a ShardCompleted instead of the job's outcome (a shard a worker finished before publishes its
     * checkpoint again); the closing record stores the job's manifest and publishes the job's outcome.
     */
    public Result run(ShardSubmitted work) {
        if (work.wholeJob()) {
            return run(work, "job " + work.jobId(), new Attempts(() -> builder.build(work),
                    () -> JobCompleted.cancelled(work.jobId(), work.accountId()),
                    e -> JobCompleted.failed(work.jobId(), work.accountId(), FailureMessages.of(work, e))));
        }
        if (work.closesJob()) {
            return run(work, "job " + work.jobId() + " closing", new Attempts(() -> builder.close(work),
                    () -> JobCompleted.cancelled(work.jobId(), work.accountId()),
                    e -> JobCompleted.failed(work.jobId(), work.accountId(), FailureMessages.of(work, e))));
        }
        String name = "job " + work.jobId() + " shard " + work.shardIndex() + "/" + work.shardCount();
        ShardCompleted before = finishedBefore(work, name);
        if (before != null) {
            running.enter();
            try {
                publish(work, before);
                LOG.infof("%s was finished before: its checkpoint published again, nothing redone", name);
                return Result.DONE;
            } catch (WorkerStoppingException e) {
                return Result.HANDED_BACK;
            } finally {
                running.leave();
            }
        }
        return run(work, name, new Attempts(() -> builder.buildShard(work),
                () -> ShardCompleted.cancelled(work.jobId(), work.accountId(), work.shardIndex()),
                e -> ShardCompleted.failed(work.jobId(), work.accountId(), work.shardIndex(),
                        FailureMessages.of(work, e))));
    }

    /** The shard's checkpoint; null when there is none, or when S3 cannot tell now (the shard is built again). */
    private ShardCompleted finishedBefore(ShardSubmitted shard, String name) {
        try {
            return builder.finishedBefore(shard);
        } catch (RuntimeException e) {
            LOG.warnf("%s: its checkpoint could not be read (%s); building it", name, e.toString());
            return null;
        }
    }

    /** How to build a job or shard, and its outcome when cancelled or failed for good. */
    private record Attempts(Build build, Supplier<JobEvent> cancelled, Function<Exception, JobEvent> failed) {
    }

    @FunctionalInterface
    private interface Build {
        JobEvent run() throws Exception;
    }

    private Result run(ShardSubmitted job, String name, Attempts attempts) {
        if (cancellations.isCancelled(job.jobId())) {
            LOG.infof("%s was cancelled before it started: skipped", name);
            return Result.DONE;
        }
        running.enter();
        cancellations.started(job.jobId());
        deadlines.start(job);
        try {
            running.throwIfStopping();
            // The start is sent as the export begins and awaited before the outcome (same key, so it stays
            // first): the export does not wait a broker round trip to begin.
            JobStarted start = JobStarted.of(job.jobId(), job.accountId(), WORKER_ID);
            CompletionStage<Void> startSent = send(start);
            LOG.infof("%s started", name);
            long started = System.nanoTime();
            JobEvent outcome = buildRetryingTransientFailures(job, name, attempts);
            awaitSent(job, start, startSent);
            publish(job, outcome);
            if (outcome instanceof JobCompleted completed) {
                metrics.finished(job, completed, Duration.ofNanos(System.nanoTime() - started));
                LOG.infof("%s %s, %s rows", name, completed.outcome().wireName(), completed.rowCount());
            } else if (outcome instanceof ShardCompleted completed) {
                LOG.infof("%s %s, %s rows", name, completed.outcome().wireName(), completed.rowCount());
            }
            return Result.DONE;
        } catch (WorkerStoppingException e) {
            LOG.infof("%s handed back: %s", name, e.getMessage());
            return Result.HANDED_BACK;
        } finally {
            deadlines.end(job);
            cancellations.finished(job.jobId());
            running.leave();
        }
    }

    private JobEvent buildRetryingTransientFailures(ShardSubmitted job, String name, Attempts attempts) {
        long firstFailure = 0;
        for (int retry = 1; ; retry++) {
            try {
                return attempts.build().run();
            } catch (Cancellations.JobCancelledException e) {
                return attempts.cancelled().get();
            } catch (WorkerStoppingException e) {
                throw e;
            } catch (Exception e) {
                running.throwIfStopping(); // a stop's interrupt surfaces as whatever the export was doing
                if (deadlines.remaining(job) != null && deadlines.remaining(job).isZero()) {
                    // A destination call cut off at the deadline surfaces as a timeout: the deadline is the cause.
                    Exception late = new ShardDeadlines.ShardDeadlineException(deadlines.length());
                    late.addSuppressed(e);
                    LOG.errorf(e, "%s failed: %s", name, late.getMessage());
                    return attempts.failed().apply(late);
                }
                if (!RetryPolicy.isTransient(e)) {
                    LOG.errorf(e, "%s failed", name);
                    return attempts.failed().apply(e);
                }
                long now = time.nanoTime();
                firstFailure = retry == 1 ? now : firstFailure;
                Duration delay = RetryPolicy.backoff(retry);
                if (now - firstFailure + delay.toNanos() > config.retryBudget().toNanos()) {
                    LOG.errorf(e, "%s failed: still failing after retrying for %s", name, config.retryBudget());
                    return attempts.failed().apply(e);
                }
                LOG.warnf("%s: attempt %d failed (%s); starting again in %d ms", name, retry, e, delay.toMillis());
                metrics.retried(job);
                time.pause(delay);
                if (cancellations.isCancelled(job.jobId())) {
                    return attempts.cancelled().get();
                }
            }
        }
    }

    private CompletionStage<Void> send(JobEvent event) {
        try {
            return updates.send(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for an event sent before; one Kafka did not acknowledge goes through {@link #publish} again. */
    private void awaitSent(ShardSubmitted job, JobEvent event, CompletionStage<Void> sent) {
        try {
            sent.toCompletableFuture().get();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.throwIfStopping();
            throw new IllegalStateException("interrupted while Kafka acknowledged " + event.type(), e);
        } catch (ExecutionException e) {
            LOG.warnf("job %s: %s not acknowledged (%s); sending it again", job.jobId(), event.type(), e.getCause());
        }
        publish(job, event);
    }

    /**
     * Sends the event again (same event id: consumers deduplicate) until Kafka acknowledges it, also through an
     * outage longer than the producer's delivery timeout: throwing instead would dead-letter a good job.
     */
    private void publish(ShardSubmitted job, JobEvent event) {
        for (int retry = 1; ; retry++) {
            running.throwIfStopping();
            try {
                updates.publish(event);
                return;
            } catch (RuntimeException e) {
                running.throwIfStopping();
                Duration delay = RetryPolicy.backoff(retry);
                LOG.warnf("job %s: %s not acknowledged (%s); sending it again in %d ms", job.jobId(),
                        event.type(), e, delay.toMillis());
                time.pause(delay);
            }
        }
    }
}
