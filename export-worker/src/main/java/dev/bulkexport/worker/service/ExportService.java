package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.JobSubmitted;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.worker.messaging.WorkerUpdatePublisher;
import dev.bulkexport.worker.service.RunningExports.WorkerStoppingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs one job: publishes its start, builds its file (again from the start after a transient failure, within
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
    private final RetryTime time;

    /** How retries read the time and wait: the real ones here, a hand-driven one in tests. */
    interface RetryTime {
        long nanoTime();

        /** Waits {@code delay} unless the worker stops first ({@link RunningExports#pause}). */
        void pause(Duration delay);
    }

    @Inject
    public ExportService(ExportBuilder builder, WorkerUpdatePublisher updates, WorkerConfig config,
            Cancellations cancellations, RunningExports running, ExportMetrics metrics) {
        this(builder, updates, config, cancellations, running, metrics, new RetryTime() {
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
            Cancellations cancellations, RunningExports running, ExportMetrics metrics, RetryTime time) {
        this.builder = builder;
        this.updates = updates;
        this.config = config;
        this.cancellations = cancellations;
        this.running = running;
        this.metrics = metrics;
        this.time = time;
    }

    public Result run(JobSubmitted job) {
        if (cancellations.isCancelled(job.jobId())) {
            LOG.infof("job %s was cancelled before it started: skipped", job.jobId());
            return Result.DONE;
        }
        running.enter();
        cancellations.started(job.jobId());
        try {
            running.throwIfStopping();
            publish(job, JobStarted.of(job.jobId(), job.accountId(), WORKER_ID));
            LOG.infof("job %s started", job.jobId());
            long started = System.nanoTime();
            JobCompleted outcome = buildRetryingTransientFailures(job);
            publish(job, outcome);
            metrics.finished(job, outcome, Duration.ofNanos(System.nanoTime() - started));
            LOG.infof("job %s %s, %s rows", job.jobId(), outcome.outcome().wireName(), outcome.rowCount());
            return Result.DONE;
        } catch (WorkerStoppingException e) {
            LOG.infof("job %s handed back: the worker is stopping", job.jobId());
            return Result.HANDED_BACK;
        } finally {
            cancellations.finished(job.jobId());
            running.leave();
        }
    }

    private JobCompleted buildRetryingTransientFailures(JobSubmitted job) {
        long firstFailure = 0;
        for (int retry = 1; ; retry++) {
            try {
                return builder.build(job);
            } catch (Cancellations.JobCancelledException e) {
                return JobCompleted.cancelled(job.jobId(), job.accountId());
            } catch (WorkerStoppingException e) {
                throw e;
            } catch (Exception e) {
                running.throwIfStopping(); // a stop's interrupt surfaces as whatever the export was doing
                if (!RetryPolicy.isTransient(e)) {
                    LOG.errorf(e, "job %s failed", job.jobId());
                    return failed(job);
                }
                long now = time.nanoTime();
                firstFailure = retry == 1 ? now : firstFailure;
                Duration delay = RetryPolicy.backoff(retry);
                if (now - firstFailure + delay.toNanos() > config.retryBudget().toNanos()) {
                    LOG.errorf(e, "job %s failed: still failing after retrying for %s", job.jobId(),
                            config.retryBudget());
                    return failed(job);
                }
                LOG.warnf("job %s: attempt %d failed (%s); starting again in %d ms", job.jobId(), retry, e,
                        delay.toMillis());
                metrics.retried(job);
                time.pause(delay);
                if (cancellations.isCancelled(job.jobId())) {
                    return JobCompleted.cancelled(job.jobId(), job.accountId());
                }
            }
        }
    }

    private static JobCompleted failed(JobSubmitted job) {
        return JobCompleted.failed(job.jobId(), job.accountId(), "The export could not be built");
    }

    /**
     * Sends the event again (same event id: consumers deduplicate) until Kafka acknowledges it, also through an
     * outage longer than the producer's delivery timeout: throwing instead would dead-letter a good job.
     */
    private void publish(JobSubmitted job, JobEvent event) {
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
