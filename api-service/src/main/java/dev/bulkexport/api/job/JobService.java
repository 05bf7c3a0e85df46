package dev.bulkexport.api.job;

import dev.bulkexport.api.account.QuotaImpact;
import dev.bulkexport.api.account.QuotaService;
import dev.bulkexport.api.platform.ConcurrentChanges;
import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.platform.ProcessedEventRows;
import dev.bulkexport.api.account.EntitlementService;
import dev.bulkexport.api.shard.ShardDispatcher;
import dev.bulkexport.api.shard.ShardService;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.ResultManifest;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.JobCancelRequested;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Job use cases besides creation ({@link JobSubmissionService}). Every change of a job and the events it causes commit together. */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobRepository jobs;
    private final ProcessedEventRows processedEvents;
    private final QuotaService quota;
    private final Outbox outbox;
    private final JobMetrics metrics;
    private final EntitlementService entitlements;
    private final JobRows jobRows;
    private final WorkerUpdateCheck updateCheck;
    private final JobResultFileRows resultFiles;
    private final ResultLinks links;
    private final ShardService shards;
    private final ShardDispatcher dispatcher;

    public JobService(JobRepository jobs, ProcessedEventRows processedEvents,
            QuotaService quota, Outbox outbox, JobMetrics metrics, EntitlementService entitlements, JobRows jobRows,
            WorkerUpdateCheck updateCheck, JobResultFileRows resultFiles, ResultLinks links, ShardService shards,
            ShardDispatcher dispatcher) {
        this.shards = shards;
        this.dispatcher = dispatcher;
        this.resultFiles = resultFiles;
        this.links = links;
        this.updateCheck = updateCheck;
        this.jobRows = jobRows;
        this.metrics = metrics;
        this.entitlements = entitlements;
        this.jobs = jobs;
        this.processedEvents = processedEvents;
        this.quota = quota;
        this.outbox = outbox;
    }

    /** What the job would consume of the account's quota; nothing is written. */
    public Uni<QuotaImpact> quotaImpact(UUID accountId, CreateJobCommand command) {
        return entitlements.check(accountId, command.propertyIds())
                .chain(() -> quota.impact(accountId, command.propertyIds()));
    }

    /**
     * The account's job as read in one statement, without a session (GET of a job and of its download link);
     * changes go through the entity inside a transaction.
     */
    public Uni<JobRecord> view(UUID accountId, UUID jobId) {
        return jobRows.findOwned(accountId, jobId)
                .onItem().ifNull().failWith(() -> new JobNotFoundException(jobId));
    }

    /** The account's succeeded job's files with a link to each; 404 for another account's job, 409 unless succeeded. */
    public Uni<ResultManifest> manifest(UUID accountId, UUID jobId) {
        return view(accountId, jobId).chain(job -> resultFiles.of(job.id()).map(files -> links.manifest(job, files)));
    }

    /** The account's job, to change in the caller's transaction; 404 for another account's job. */
    private Uni<Job> owned(UUID accountId, UUID jobId) {
        return jobs.findOwned(accountId, jobId)
                .onItem().ifNull().failWith(() -> new JobNotFoundException(jobId));
    }

    /**
     * A page of the account's jobs, newest first, optionally of one status: {@code perPage} jobs after the
     * first {@code offset}, which the caller bounds so that it and the page's last row fit an {@code int}.
     */
    @WithSession
    public Uni<JobPage> list(UUID accountId, JobStatus status, long offset, int perPage) {
        var query = jobs.newestFirst(accountId, status);
        int first = Math.toIntExact(offset);
        return query.range(first, Math.toIntExact(offset + perPage - 1)).list()
                .chain(found -> query.count().map(total -> new JobPage(found.stream().map(Job::record).toList(), total)));
    }

    /**
     * Cancels a submitted job: a worker that has not started it never will, a running one stops and
     * aborts its upload, and the quota it newly consumed is given back. Cancelling again changes nothing; a job
     * with another outcome cannot be cancelled (409). A worker update that commits first is not an error: the
     * cancel reads the job again and decides anew ({@link ConcurrentChanges}). Every shard of the job stops: the
     * queued ones are never handed out, the running ones stop where they run.
     */
    public Uni<JobRecord> cancel(UUID accountId, UUID jobId) {
        return ConcurrentChanges.retried(() -> owned(accountId, jobId).chain(job -> {
            if (!job.cancel()) {
                return Uni.createFrom().item(job.record());
            }
            metrics.ended(job);
            LOG.infof("job %s cancelled", job.id);
            return outbox.add(Topics.JOB_CANCEL_REQUESTED, JobCancelRequested.of(job.id, accountId))
                    .chain(() -> outbox.add(Topics.JOB_STATUS, JobStatusChanged.of(job.snapshot(), accountId)))
                    .chain(() -> quota.giveBack(job.id))
                    .chain(() -> shards.jobEnded(job))
                    .replaceWith(job::record);
        })).invoke(dispatcher::wakeUp);
    }

    /**
     * Applies a worker's event once; redeliveries and updates to terminal jobs change nothing. True when it
     * added events to the outbox or finished a shard (the job reached its outcome, a running slot is free), so
     * that the caller wakes the relay and the dispatcher only then.
     */
    public Uni<Boolean> applyWorkerUpdate(JobEvent event) {
        return ConcurrentChanges.retried(() -> processedEvents.markFirstSeen(event.eventId())
                .chain(first -> first ? jobs.findById(event.jobId()) : Uni.createFrom().nullItem())
                .map(job -> updateCheck.admit(job, event))
                .chain(job -> job == null ? Uni.createFrom().item(false) : apply(job, event)));
    }

    /**
     * Asks the notifier, through the outbox, to send the job's outcome webhook again with the same webhook id.
     * The job shows {@code webhook.status} pending until the notifier reports the new attempt.
     */
    public Uni<JobRecord> requestWebhookRedelivery(UUID accountId, UUID jobId) {
        return ConcurrentChanges.retried(() -> owned(accountId, jobId).chain(job -> {
            job.requestWebhookRedelivery();
            String webhookId = JobStatusChanged.webhookIdOf(job.id, job.status);
            return outbox.add(Topics.WEBHOOK_REDELIVERY_REQUESTED,
                            WebhookRedeliveryRequested.of(job.id, accountId, webhookId))
                    .invoke(() -> LOG.infof("job %s webhook %s redelivery requested", job.id, webhookId))
                    .replaceWith(job::record);
        }));
    }

    /** Shows a webhook attempt on its job once; redeliveries and older attempts change nothing. */
    public Uni<Void> applyWebhookAttempt(WebhookAttempted attempt) {
        return ConcurrentChanges.retried(() -> processedEvents.markFirstSeen(attempt.eventId())
                .chain(first -> first ? jobs.findById(attempt.jobId()) : Uni.createFrom().nullItem())
                .invoke(job -> {
                    if (job != null && job.recordWebhookAttempt(attempt)) {
                        LOG.infof("job %s webhook %s: attempt %d, %s", job.id, attempt.webhookId(), attempt.attempt(),
                                attempt.deliveryStatus().wireName());
                    }
                })
                .replaceWithVoid());
    }

    private Uni<Boolean> apply(Job job, JobEvent event) {
        if (event instanceof ShardCompleted completed) {
            if (job.status.isTerminal()) {
                return Uni.createFrom().item(false);
            }
            return shards.complete(job, completed).chain(outcome -> outcome.jobOutcome() == null
                    ? Uni.createFrom().item(outcome.changed()) : apply(job, outcome.jobOutcome()));
        } else if (event instanceof JobProgressed progressed && progressed.shardIndex() != null) {
            if (!job.status.isTerminal()) {
                return shards.progress(job, progressed).replaceWith(false);
            }
        } else if (event instanceof JobStarted started) {
            boolean first = job.startedAt == null;
            if (job.markStarted(started.occurredAt()) && first) {
                metrics.started(job);
            }
        } else if (event instanceof JobProgressed progressed) {
            job.recordProgress(progressed);
        } else if (event instanceof JobCompleted completed) {
            List<JobResultFile> files = new ArrayList<>();
            if (!job.complete(completed, files::addAll)) {
                return Uni.createFrom().item(false);
            }
            LOG.infof("job %s %s", job.id, job.status.wireName());
            metrics.ended(job);
            Uni<Void> published = (files.isEmpty() ? Uni.createFrom().voidItem() : JobResultFile.persist(files))
                    .chain(() -> outbox.add(Topics.JOB_STATUS, JobStatusChanged.of(job.snapshot(), job.accountId)))
                    .chain(() -> shards.jobEnded(job));
            return (job.status == JobStatus.FAILED ? published.chain(() -> quota.giveBack(job.id)) : published)
                    .replaceWith(true);
        }
        return Uni.createFrom().item(false);
    }
}
