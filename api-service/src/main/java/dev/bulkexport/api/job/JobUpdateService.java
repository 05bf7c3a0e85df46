package dev.bulkexport.api.job;

import dev.bulkexport.api.account.QuotaService;
import dev.bulkexport.api.platform.ConcurrentChanges;
import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.platform.ProcessedEventRows;
import dev.bulkexport.api.shard.ShardService;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.WebhookAttempted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies what the workers and the notifier report about a job, each event once (its id is remembered in the
 * transaction that applies it): a redelivery, or an update to a job that ended, changes nothing.
 */
@ApplicationScoped
public class JobUpdateService {
    private static final Logger LOG = Logger.getLogger(JobUpdateService.class);

    private final Pool pool;
    private final JobRows jobs;
    private final JobResultFileRows resultFiles;
    private final ProcessedEventRows processedEvents;
    private final WorkerUpdateCheck updateCheck;
    private final ShardService shards;
    private final QuotaService quota;
    private final Outbox outbox;
    private final JobMetrics metrics;

    JobUpdateService(Pool pool, JobRows jobs, JobResultFileRows resultFiles, ProcessedEventRows processedEvents,
            WorkerUpdateCheck updateCheck, ShardService shards, QuotaService quota, Outbox outbox,
            JobMetrics metrics) {
        this.pool = pool;
        this.jobs = jobs;
        this.resultFiles = resultFiles;
        this.processedEvents = processedEvents;
        this.updateCheck = updateCheck;
        this.shards = shards;
        this.quota = quota;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * Applies a worker's event once. True when it added events to the outbox or finished a shard (the job reached
     * its outcome, a running slot is free), so that the caller wakes the relay and the dispatcher only then.
     */
    public Uni<Boolean> applyWorkerUpdate(JobEvent event) {
        return ConcurrentChanges.retried(pool, sql -> firstTime(sql, event.eventId(), event.jobId())
                .map(job -> updateCheck.admit(job, event))
                .chain(job -> job == null ? Uni.createFrom().item(false) : apply(sql, job, event)));
    }

    /** Shows a webhook attempt on its job once; redeliveries and older attempts change nothing. */
    public Uni<Void> applyWebhookAttempt(WebhookAttempted attempt) {
        return ConcurrentChanges.retried(pool, sql -> firstTime(sql, attempt.eventId(), attempt.jobId())
                .chain(job -> {
                    Job changed = job == null ? null : job.webhookAttempted(attempt);
                    return changed == null ? Uni.createFrom().voidItem() : jobs.update(sql, changed)
                            .invoke(() -> LOG.infof("job %s webhook %s: attempt %d, %s", attempt.jobId(),
                                    attempt.webhookId(), attempt.attempt(), attempt.deliveryStatus().wireName()))
                            .replaceWithVoid();
                }));
    }

    /** The job the event names, when the event was not applied before; null otherwise. */
    private Uni<Job> firstTime(SqlConnection sql, UUID eventId, UUID jobId) {
        return processedEvents.markFirstSeen(sql, eventId)
                .chain(first -> first ? jobs.find(sql, jobId) : Uni.createFrom().nullItem());
    }

    private Uni<Boolean> apply(SqlConnection sql, Job job, JobEvent event) {
        if (event instanceof ShardCompleted completed) {
            return job.status().isTerminal() ? Uni.createFrom().item(false)
                    : shards.complete(sql, job.accountId(), job.spec(), job.destination(), completed)
                            .chain(outcome -> showSums(sql, job, outcome.sums()).chain(shown ->
                                    outcome.jobOutcome() == null ? Uni.createFrom().item(outcome.changed())
                                            : apply(sql, shown, outcome.jobOutcome())));
        }
        if (event instanceof JobProgressed progressed && progressed.shardIndex() != null) {
            return job.status().isTerminal() ? Uni.createFrom().item(false)
                    : shards.progress(sql, progressed).chain(sums -> showSums(sql, job, sums)).replaceWith(false);
        }
        if (event instanceof JobStarted started) {
            boolean first = job.run() == null || job.run().startedAt() == null;
            return store(sql, job.started(started.occurredAt())).invoke(stored -> {
                if (stored != null && first) {
                    metrics.started(stored);
                }
            }).replaceWith(false);
        }
        if (event instanceof JobProgressed progressed) {
            return store(sql, job.progressed(new Job.Progress(progressed.rowsWritten(), progressed.propertiesDone(),
                    progressed.propertiesTotal()))).replaceWith(false);
        }
        if (event instanceof JobCompleted completed) {
            return completed(sql, job, completed);
        }
        return Uni.createFrom().item(false);
    }

    private Uni<Boolean> completed(SqlConnection sql, Job job, JobCompleted completed) {
        Job ended = job.completed(completed);
        if (ended == null) {
            return Uni.createFrom().item(false);
        }
        return jobs.update(sql, ended)
                .call(stored -> stored.status() == JobStatus.SUCCEEDED
                        ? resultFiles.insert(sql, stored.id(), completed.filesOrSingle()) : Uni.createFrom().voidItem())
                .call(stored -> outbox.add(sql, Topics.JOB_STATUS,
                        JobStatusChanged.of(stored.snapshot(), stored.accountId())))
                .call(stored -> shards.jobEnded(sql, stored.id(), stored.accountId(), stored.status()))
                .call(stored -> stored.status() == JobStatus.FAILED ? quota.giveBack(sql, stored.id())
                        : Uni.createFrom().voidItem())
                .invoke(stored -> {
                    LOG.infof("job %s %s", stored.id(), stored.status().wireName());
                    metrics.ended(stored);
                })
                .replaceWith(true);
    }

    /** The job with its shards' sums as its progress, stored; the job as it was when there are none. */
    private Uni<Job> showSums(SqlConnection sql, Job job, ShardService.Sums sums) {
        return sums == null ? Uni.createFrom().item(job) : jobs.update(sql, job.progressed(
                new Job.Progress(sums.rowsWritten(), sums.propertiesDone(), sums.propertiesTotal())));
    }

    /** Stores a changed job; nothing when the change did not apply (null). */
    private Uni<Job> store(SqlConnection sql, Job changed) {
        return changed == null ? Uni.createFrom().nullItem() : jobs.update(sql, changed);
    }
}
