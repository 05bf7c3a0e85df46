package dev.bulkexport.api.job;

import dev.bulkexport.api.account.EntitlementService;
import dev.bulkexport.api.account.QuotaImpact;
import dev.bulkexport.api.account.QuotaService;
import dev.bulkexport.api.platform.ConcurrentChanges;
import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.shard.ShardDispatcher;
import dev.bulkexport.api.shard.ShardService;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.ResultManifest;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.JobCancelRequested;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The account's job use cases besides creation ({@link JobSubmissionService}) and the updates of workers and the
 * notifier ({@link JobUpdateService}). Every change of a job and the events it causes commit together.
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final Pool pool;
    private final JobRows jobs;
    private final JobResultFileRows resultFiles;
    private final QuotaService quota;
    private final EntitlementService entitlements;
    private final ShardService shards;
    private final ShardDispatcher dispatcher;
    private final Outbox outbox;
    private final ResultLinks links;
    private final JobMetrics metrics;
    private final RedeliveryLimits redeliveryLimits;

    JobService(Pool pool, JobRows jobs, JobResultFileRows resultFiles, QuotaService quota,
            EntitlementService entitlements, ShardService shards, ShardDispatcher dispatcher, Outbox outbox,
            ResultLinks links, JobMetrics metrics, RedeliveryLimits redeliveryLimits) {
        this.pool = pool;
        this.jobs = jobs;
        this.resultFiles = resultFiles;
        this.quota = quota;
        this.entitlements = entitlements;
        this.shards = shards;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.links = links;
        this.metrics = metrics;
        this.redeliveryLimits = redeliveryLimits;
    }

    /** What the job would consume of the account's quota; nothing is written. */
    public Uni<QuotaImpact> quotaImpact(UUID accountId, CreateJobCommand command) {
        return entitlements.check(accountId, command.spec().propertyIds())
                .chain(() -> quota.impact(accountId, command.spec().propertyIds()));
    }

    /** The account's job, read in one statement (GET of a job and of its download link). */
    public Uni<Job> view(UUID accountId, UUID jobId) {
        return jobs.findOwned(accountId, jobId).onItem().ifNull().failWith(() -> new JobNotFoundException(jobId));
    }

    /** The account's succeeded job's files with a link to each; 404 for another account's job, 409 unless succeeded. */
    public Uni<ResultManifest> manifest(UUID accountId, UUID jobId) {
        return view(accountId, jobId).chain(job -> resultFiles.of(job.id()).map(files -> links.manifest(job, files)));
    }

    /** A page of the account's jobs, newest first, optionally of one status: {@code perPage} jobs after {@code offset}. */
    public Uni<JobPage> list(UUID accountId, JobStatus status, long offset, int perPage) {
        return jobs.page(accountId, status, offset, perPage)
                .chain(found -> jobs.count(accountId, status).map(total -> new JobPage(found, total)));
    }

    /**
     * Cancels a submitted job: a worker that has not started it never will, a running one stops and
     * aborts its upload, and the quota it newly consumed is given back. Cancelling again changes nothing; a job
     * with another outcome cannot be cancelled (409). A worker update that commits first is not an error: the
     * cancel reads the job again and decides anew ({@link ConcurrentChanges}). Every shard of the job stops: the
     * queued ones are never handed out, the running ones stop where they run.
     */
    public Uni<Job> cancel(UUID accountId, UUID jobId) {
        return ConcurrentChanges.retried(pool, sql -> owned(sql, accountId, jobId).chain(job -> {
            Job cancelled = job.cancelled();
            if (cancelled == null) {
                return Uni.createFrom().item(job);
            }
            return jobs.update(sql, cancelled)
                    .call(stored -> outbox.add(sql, List.of(
                            outbox.event(Topics.JOB_CANCEL_REQUESTED, JobCancelRequested.of(jobId, accountId)),
                            outbox.event(Topics.JOB_STATUS, JobStatusChanged.of(stored.snapshot(), accountId)))))
                    .call(() -> quota.giveBack(sql, jobId))
                    .call(() -> shards.jobEnded(sql, jobId, accountId, JobStatus.CANCELLED))
                    .invoke(stored -> {
                        metrics.ended(stored);
                        LOG.infof("job %s cancelled", jobId);
                    });
        })).invoke(dispatcher::wakeUp);
    }

    /**
     * Asks the notifier, through the outbox, to send the job's outcome webhook again with the same webhook id.
     * The job shows {@code webhook.status} pending until the notifier reports the new attempt. A redelivery is
     * counted against the job's hourly limit ({@link RedeliveryLimits}) only once the job is the caller's and has
     * a webhook to send: another account's job id is a 404 like an unknown one, and spends nothing.
     */
    public Uni<Job> requestWebhookRedelivery(UUID accountId, UUID jobId) {
        AtomicBoolean counted = new AtomicBoolean();
        return ConcurrentChanges.retried(pool, sql -> owned(sql, accountId, jobId).chain(job -> {
            String webhookId = JobStatusChanged.webhookIdOf(job.id(), job.status());
            Job pending = job.webhookRedeliveryRequested();
            if (counted.compareAndSet(false, true)) {
                redeliveryLimits.take(accountId, jobId);
            }
            return jobs.update(sql, pending)
                    .call(() -> outbox.add(sql, Topics.WEBHOOK_REDELIVERY_REQUESTED,
                            WebhookRedeliveryRequested.of(jobId, accountId, webhookId)))
                    .invoke(() -> LOG.infof("job %s webhook %s redelivery requested", jobId, webhookId));
        }));
    }

    /** The account's job, to change in the caller's transaction; 404 for another account's job. */
    private Uni<Job> owned(SqlConnection sql, UUID accountId, UUID jobId) {
        return jobs.findOwned(sql, accountId, jobId).onItem().ifNull().failWith(() -> new JobNotFoundException(jobId));
    }
}
