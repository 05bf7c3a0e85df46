package dev.bulkexport.api.schedule;

import dev.bulkexport.api.account.QuotaExceededException;
import dev.bulkexport.api.destination.DestinationRefusedException;
import dev.bulkexport.api.job.JobRequestReader;
import dev.bulkexport.api.job.JobSubmissionService;
import dev.bulkexport.api.job.TooManyUnfinishedJobsException;
import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.account.NotEntitledException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.ScheduleChanged;
import dev.bulkexport.messaging.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The due-check every replica runs. First, due schedules are claimed ({@code FOR UPDATE SKIP LOCKED}) and each
 * period that ended becomes a pending run, keyed by schedule and period, so a period has one run whatever the
 * replicas and restarts; periods missed while down run on recovery, {@code since_last_success} folding them into
 * one run (and waiting while a run of its own is unfinished, so that its window starts after the last success).
 * Then pending runs, live before backfill, are claimed likewise and each becomes a job through the job-creation
 * path of POST /jobs, in the same transaction that marks the run created. Pending runs are taken round-robin
 * across accounts, at most {@code runs-per-account-per-check} of one account and none of an account at its cap of
 * unfinished jobs, so that one account's backlog never holds back another's due run. A run the account's
 * unfinished-jobs cap refuses stays pending; one that job creation refuses otherwise (entitlement, quota, a rule) is rejected
 * with its message and a {@code run_rejected} ScheduleChanged.
 */
@ApplicationScoped
public class ScheduleRunner {
    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    private final Pool pool;
    private final ScheduleRows rows;
    private final JobSubmissionService submission;
    private final JobRequestReader reader;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ScheduleConfig limits;

    public ScheduleRunner(Pool pool, ScheduleRows rows, JobSubmissionService submission, JobRequestReader reader,
            Outbox outbox, OutboxRelay relay, Vertx vertx, ObjectMapper mapper, Clock clock, ScheduleConfig limits) {
        this.pool = pool;
        this.rows = rows;
        this.submission = submission;
        this.reader = reader;
        this.outbox = outbox;
        this.relay = relay;
        this.vertx = vertx;
        this.mapper = mapper;
        this.clock = clock;
        this.limits = limits;
    }

    @Scheduled(every = "${export.schedules.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return check().onFailure().invoke(e -> LOG.warnf("schedule check failed, next one in an interval: %s",
                e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One check: the due periods become runs, then pending runs become jobs. The jobs created. */
    public Uni<Integer> check() {
        Instant now = clock.instant();
        return pool.withTransaction(sql -> rows.claimDue(sql, now, limits.batchSize())
                        .chain(due -> each(due, schedule -> materialize(sql, schedule, now))))
                .chain(() -> pool.withTransaction(sql -> rows.claimPending(sql, limits.batchSize(),
                                limits.runsPerAccountPerCheck(), submission.defaultUnfinishedCap())
                        .chain(pending -> {
                            List<Boolean> created = new ArrayList<>();
                            return each(pending, run -> submit(sql, run).invoke(created::add))
                                    .replaceWith(() -> (int) created.stream().filter(Boolean::booleanValue).count());
                        })))
                .invoke(created -> {
                    if (created > 0) {
                        relay.wakeUp();
                    }
                });
    }

    private Uni<Void> materialize(SqlConnection sql, ScheduleRecord schedule, Instant now) {
        Cadence cadence = schedule.cadenceIn();
        List<Instant> due = new ArrayList<>();
        for (Instant at = schedule.nextRunAt(); !at.isAfter(now) && due.size() < limits.maxCatchUpPeriods();
                at = cadence.nextAfter(at)) {
            due.add(at);
        }
        Instant next = cadence.nextAfter(due.get(due.size() - 1));
        if (!(schedule.window() instanceof RunWindow.SinceLastSuccess)) {
            return each(due, at -> queue(sql, schedule, cadence.periodEndingAt(at), null, now))
                    .chain(() -> rows.advance(sql, schedule.id(), next));
        }
        Cadence.Period latest = cadence.periodEndingAt(due.get(due.size() - 1));
        return rows.hasUnfinishedRun(sql, schedule.id()).chain(unfinished -> unfinished
                ? Uni.createFrom().voidItem() // due again at the next check, once its run has finished
                : rows.firstUncovered(sql, schedule.id())
                        .chain(firstUncovered -> queue(sql, schedule, latest, firstUncovered, now))
                        .chain(() -> rows.advance(sql, schedule.id(), next)));
    }

    private Uni<Void> queue(SqlConnection sql, ScheduleRecord schedule, Cadence.Period period, LocalDate firstUncovered,
            Instant now) {
        RunWindow.Dates dates = schedule.window().dates(period, firstUncovered);
        if (dates.isEmpty()) {
            return Uni.createFrom().voidItem(); // every day of it was exported already (a backfill)
        }
        return rows.insertRun(sql, schedule.id(), period.runAt(), dates.start(), dates.end(), false, now)
                .invoke(inserted -> LOG.infof("schedule %s: run of %s (%s to %s) %s", schedule.id(), period.runAt(),
                        dates.start(), dates.end(), inserted ? "queued" : "exists already"))
                .replaceWithVoid();
    }

    /** True when the run's job was created; false when it stays pending or was rejected. */
    private Uni<Boolean> submit(SqlConnection sql, ScheduleRows.PendingRun run) {
        return vertx.executeBlocking(() -> reader.read(body(run)))
                .onFailure().transform(e -> new RunRefused(e.getMessage()))
                .chain(command -> sql.query("SAVEPOINT run").execute()
                        .chain(() -> submission.createInTransaction(sql, run.accountId(), command, run.scheduleId()))
                        .onFailure().call(() -> sql.query("ROLLBACK TO SAVEPOINT run").execute()))
                .chain(job -> rows.markCreated(sql, run.scheduleId(), run.runAt(), job.id()).replaceWith(true))
                .onFailure(TooManyUnfinishedJobsException.class).recoverWithItem(false)
                .onFailure(ScheduleRunner::refusal).recoverWithUni(e -> reject(sql, run, e.getMessage()));
    }

    private Uni<Boolean> reject(SqlConnection sql, ScheduleRows.PendingRun run, String message) {
        LOG.infof("schedule %s: run of %s rejected: %s", run.scheduleId(), run.runAt(), message);
        return rows.markRejected(sql, run.scheduleId(), run.runAt(), message)
                .chain(() -> rows.lockOwned(sql, run.accountId(), run.scheduleId()))
                .chain(s -> outbox.add(sql, List.of(outbox.event(Topics.JOB_STATUS, ScheduleChanged.of(s.accountId(),
                        s.id(), ScheduleChanged.RUN_REJECTED, s.name(), s.cadence(), s.timeZone(), s.paused(),
                        s.nextRunAt(), message)))))
                .replaceWith(false);
    }

    private static boolean refusal(Throwable e) {
        return e instanceof RunRefused || e instanceof NotEntitledException || e instanceof QuotaExceededException
                || e instanceof DestinationRefusedException;
    }

    /** The run's create-job body: the schedule's options with the run's dates. */
    private String body(ScheduleRows.PendingRun run) {
        try {
            ObjectNode body = (ObjectNode) mapper.readTree(run.jobOptions());
            body.put("start_date", run.startDate().toString());
            body.put("end_date", run.endDate().toString());
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schedule " + run.scheduleId() + " holds unreadable job options", e);
        }
    }

    /** Runs {@code step} for each item, one after another (one connection runs one statement stream). */
    private static <T, R> Uni<Void> each(List<T> items, java.util.function.Function<T, Uni<R>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }

    /** The job-creation parser refused a run's body. */
    private static final class RunRefused extends RuntimeException {
        RunRefused(String message) {
            super(message, null, false, false);
        }
    }
}
