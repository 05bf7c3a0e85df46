package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.Job;
import dev.bulkexport.api.repository.JobRepository;
import dev.bulkexport.api.repository.ProcessedEventRepository;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.JobSubmitted;
import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Job use cases. Every change of a job and the events it causes commit together. */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobRepository jobs;
    private final ProcessedEventRepository processedEvents;
    private final Outbox outbox;

    public JobService(JobRepository jobs, ProcessedEventRepository processedEvents, Outbox outbox) {
        this.jobs = jobs;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Job> create(UUID accountId, CreateJobCommand command) {
        Job job = Job.submit(accountId, command.reportType(), command.outputFormat(), command.propertyIds(),
                command.startDate(), command.endDate(), command.callbackUrl());
        JobSubmitted submitted = JobSubmitted.of(job.id, accountId, job.reportType, job.outputFormat,
                command.propertyIds(), job.startDate, job.endDate);
        return jobs.persist(job)
                .chain(() -> outbox.add(Topics.JOB_SUBMITTED, submitted))
                .chain(() -> outbox.add(Topics.JOB_STATUS, JobStatusChanged.of(job.snapshot(), accountId)))
                .invoke(() -> LOG.infof("job %s submitted: %s %s, %d properties", job.id, job.reportType.wireName(),
                        job.outputFormat.wireName(), job.propertyIds.length))
                .replaceWith(job);
    }

    @WithSession
    public Uni<Job> find(UUID accountId, UUID jobId) {
        return jobs.findOwned(accountId, jobId)
                .onItem().ifNull().failWith(() -> new JobNotFoundException(jobId));
    }

    /** Applies a worker's event once; redeliveries and updates to terminal jobs change nothing. */
    @WithTransaction
    public Uni<Void> applyWorkerUpdate(JobEvent event) {
        return processedEvents.markFirstSeen(event.eventId())
                .chain(first -> first ? jobs.findById(event.jobId()) : Uni.createFrom().nullItem())
                .chain(job -> job == null ? Uni.createFrom().voidItem() : apply(job, event));
    }

    /**
     * Asks the notifier, through the outbox, to send the job's outcome webhook again with the same webhook id.
     * The job shows {@code webhook.status} pending until the notifier reports the new attempt.
     */
    @WithTransaction
    public Uni<Job> requestWebhookRedelivery(UUID accountId, UUID jobId) {
        return jobs.findOwned(accountId, jobId)
                .onItem().ifNull().failWith(() -> new JobNotFoundException(jobId))
                .chain(job -> {
                    if (!job.status.isTerminal() || job.callbackUrl == null) {
                        return Uni.createFrom().failure(new JobConflictException("Job " + job.id + " has "
                                + (job.callbackUrl == null ? "no callback_url" : "no outcome yet")
                                + "; only an outcome webhook can be redelivered"));
                    }
                    String webhookId = JobStatusChanged.webhookIdOf(job.id, job.status);
                    job.webhookStatus = "pending";
                    job.updatedAt = java.time.Instant.now();
                    return outbox.add(Topics.WEBHOOK_REDELIVERY_REQUESTED,
                                    WebhookRedeliveryRequested.of(job.id, accountId, webhookId))
                            .invoke(() -> LOG.infof("job %s webhook %s redelivery requested", job.id, webhookId))
                            .replaceWith(job);
                });
    }

    /** Shows a webhook attempt on its job once; redeliveries and older attempts change nothing. */
    @WithTransaction
    public Uni<Void> applyWebhookAttempt(WebhookAttempted attempt) {
        return processedEvents.markFirstSeen(attempt.eventId())
                .chain(first -> first ? jobs.findById(attempt.jobId()) : Uni.createFrom().nullItem())
                .invoke(job -> {
                    if (job != null && job.recordWebhookAttempt(attempt)) {
                        LOG.infof("job %s webhook %s: attempt %d, %s", job.id, attempt.webhookId(), attempt.attempt(),
                                attempt.deliveryStatus());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> apply(Job job, JobEvent event) {
        if (event instanceof JobStarted started) {
            job.markStarted(started.occurredAt());
        } else if (event instanceof JobProgressed progressed) {
            job.recordProgress(progressed);
        } else if (event instanceof JobCompleted completed && job.complete(completed)) {
            LOG.infof("job %s %s", job.id, job.status.wireName());
            return outbox.add(Topics.JOB_STATUS, JobStatusChanged.of(job.snapshot(), job.accountId));
        }
        return Uni.createFrom().voidItem();
    }
}
