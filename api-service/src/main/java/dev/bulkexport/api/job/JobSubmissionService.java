package dev.bulkexport.api.job;

import dev.bulkexport.api.account.EntitlementService;
import dev.bulkexport.api.account.QuotaService;
import dev.bulkexport.api.destination.DestinationService;
import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.shard.ShardDispatcher;
import dev.bulkexport.api.shard.ShardService;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobStatusChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Job creation. The job row, its quota charge, the Idempotency-Key record, its shards (queued for the
 * {@link ShardDispatcher}, which publishes them within the account's running cap) and the JobStatusChanged outbox
 * row commit in one transaction, with the entitlement and quota checks. All of its
 * statements are sent at once on the transaction's connection (pipelined: the database runs them in order,
 * the service waits once), so a create costs three round trips (BEGIN, the statements, COMMIT), four with an
 * Idempotency-Key; a check that fails rolls everything back. See {@link QuotaService#chargeWithinLimit} for
 * why the quota stays exact under concurrency without locking the account for the whole create.
 */
@ApplicationScoped
public class JobSubmissionService {
    private static final Logger LOG = Logger.getLogger(JobSubmissionService.class);

    private final Pool pool;
    private final JobRows jobRows;
    private final IdempotencyRows idempotency;
    private final EntitlementService entitlements;
    private final QuotaService quota;
    private final Outbox outbox;
    private final JobMetrics metrics;
    private final JobConfig limits;
    private final ShardService shards;
    private final ShardDispatcher dispatcher;
    private final DestinationService destinations;

    public JobSubmissionService(Pool pool, JobRows jobRows, IdempotencyRows idempotency,
            EntitlementService entitlements, QuotaService quota, Outbox outbox, JobMetrics metrics, JobConfig limits,
            ShardService shards, ShardDispatcher dispatcher, DestinationService destinations) {
        this.destinations = destinations;
        this.dispatcher = dispatcher;
        this.shards = shards;
        this.limits = limits;
        this.pool = pool;
        this.jobRows = jobRows;
        this.idempotency = idempotency;
        this.entitlements = entitlements;
        this.quota = quota;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * Creates a job after the entitlement and quota checks, or gives back the job an earlier request with the
     * same Idempotency-Key created (a different body with that key is a conflict).
     */
    public Uni<CreatedJob> create(UUID accountId, CreateJobCommand command, String idempotencyKey) {
        Job[] made = new Job[1];
        return pool.withTransaction(sql -> earlier(sql, accountId, idempotencyKey).chain(entry -> {
                    if (entry == null) {
                        return newJob(sql, accountId, command, null).chain(job -> {
                            made[0] = job;
                            return write(sql, job, command, idempotencyKey).replaceWith(() -> new CreatedJob(job, false));
                        });
                    }
                    if (!entry.requestHash().equals(command.fingerprint())) {
                        return Uni.createFrom().failure(new JobConflictException(
                                "This Idempotency-Key was used with a different request body"));
                    }
                    return jobRows.findOwned(sql, accountId, entry.jobId())
                            .map(original -> new CreatedJob(original, true));
                }))
                .invoke(created -> {
                    if (!created.replayed()) {
                        Job job = made[0];
                        metrics.created(job);
                        LOG.infof("job %s submitted: %s %s, %d properties", job.id(),
                                job.spec().reportType().wireName(), job.spec().outputFormat().wireName(),
                                job.spec().propertyIds().size());
                        dispatcher.wakeUp();
                    }
                });
    }

    /** Unfinished jobs an account may have unless it has a cap of its own (api.accounts.max_unfinished_jobs). */
    public int defaultUnfinishedCap() {
        return limits.maxUnfinishedPerAccount();
    }

    /**
     * Creates the job of a schedule's run in the caller's transaction, with every check of {@link #create}. A
     * refused check fails the Uni after all statements were sent: the caller rolls them back (a savepoint).
     */
    public Uni<Job> createInTransaction(SqlConnection sql, UUID accountId, CreateJobCommand command,
            UUID scheduleId) {
        return newJob(sql, accountId, command, scheduleId).chain(job -> write(sql, job, command, null)
                .invoke(() -> {
                    metrics.created(job);
                    LOG.infof("job %s submitted by schedule %s: %s to %s", job.id(), scheduleId,
                            job.spec().startDate(), job.spec().endDate());
                })
                .replaceWith(job));
    }

    /**
     * The new job, with its destination's location and credentials when the command names one (read in the
     * create's transaction; a destination the account does not have is a 400).
     */
    private Uni<Job> newJob(SqlConnection sql, UUID accountId, CreateJobCommand command, UUID scheduleId) {
        UUID destinationId = command.spec().destinationId();
        Uni<ExportDestination> destination = destinationId == null ? Uni.createFrom().nullItem()
                : destinations.forJob(sql, accountId, destinationId);
        return destination.map(to -> Job.submit(accountId, command.spec(), command.callbackUrl(), scheduleId, to));
    }

    private Uni<IdempotencyRows.Entry> earlier(SqlConnection sql, UUID accountId, String idempotencyKey) {
        return idempotencyKey == null ? Uni.createFrom().nullItem() : idempotency.find(sql, accountId, idempotencyKey);
    }

    /**
     * Sends every statement of the create at once. The first failure in statement order wins: the cap of
     * unfinished jobs (429), entitlement (403), then quota (403), then an Idempotency-Key that a concurrent
     * request took first (409).
     */
    private Uni<Void> write(SqlConnection sql, Job job, CreateJobCommand command, String idempotencyKey) {
        UUID accountId = job.accountId();
        List<Long> propertyIds = job.spec().propertyIds();
        return Uni.combine().all().unis(
                        jobRows.unfinished(sql, accountId, limits.maxUnfinishedPerAccount())
                                .invoke(this::checkUnfinishedCap),
                        entitlements.check(sql, accountId, propertyIds),
                        jobRows.insert(sql, job),
                        idempotencyKey == null ? Uni.createFrom().item(true)
                                : idempotency.remember(sql, accountId, idempotencyKey, command.fingerprint(), job.id()),
                        // The job's work goes out later, as shards, through the dispatcher.
                        outbox.add(sql, Topics.JOB_STATUS, JobStatusChanged.of(job.snapshot(), accountId)),
                        shards.queue(sql, job.id(), accountId, job.createdAt(), job.spec()),
                        quota.chargeWithinLimit(sql, accountId, propertyIds, job.id()))
                .with((inFlight, entitled, inserted, remembered, added, queued, charged) -> {
                    if (!remembered) {
                        throw new JobConflictException("A request with this Idempotency-Key is in progress");
                    }
                    return job;
                })
                .replaceWithVoid();
    }

    /** Counted before this job's row is inserted, so the cap is the most unfinished jobs after the create. */
    private void checkUnfinishedCap(JobRows.Unfinished inFlight) {
        if (inFlight.jobs() >= inFlight.cap()) {
            throw new TooManyUnfinishedJobsException(inFlight.cap(), limits.unfinishedRetryAfter());
        }
    }
}
