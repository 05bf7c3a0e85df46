package dev.bulkexport.api.schedule;

import dev.bulkexport.api.destination.DestinationService;
import dev.bulkexport.api.platform.Outbox;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.ScheduleChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Schedule use cases. Every change commits with its ScheduleChanged event on the public topic; runs are made by
 * {@link ScheduleRunner}. A paused schedule has no next run; resuming starts from the next moment after now
 * (a {@code since_last_success} window still covers the paused days; backfill runs the others).
 */
@ApplicationScoped
public class ScheduleService {
    private static final Logger LOG = Logger.getLogger(ScheduleService.class);

    private final Pool pool;
    private final ScheduleRows rows;
    private final Outbox outbox;
    private final Clock clock;
    private final ScheduleConfig limits;

    private final DestinationService destinations;

    public ScheduleService(Pool pool, ScheduleRows rows, Outbox outbox, Clock clock, ScheduleConfig limits,
            DestinationService destinations) {
        this.destinations = destinations;
        this.pool = pool;
        this.rows = rows;
        this.outbox = outbox;
        this.clock = clock;
        this.limits = limits;
    }

    public Uni<ScheduleRecord> create(UUID accountId, ScheduleDefinition definition) {
        Instant now = clock.instant();
        ScheduleRecord schedule = record(UUID.randomUUID(), accountId, definition, now, now);
        return destinations.requireOwned(accountId, definition.destinationId()).chain(() -> pool.withTransaction(sql -> rows
                        .countForCreate(sql, accountId).invoke(this::checkCap)
                        .chain(() -> rows.insert(sql, schedule))
                        .chain(() -> publish(sql, schedule, ScheduleChanged.CREATED, null))))
                .invoke(() -> LOG.infof("schedule %s created: %s in %s, next run at %s", schedule.id(),
                        schedule.cadence(), schedule.timeZone(), schedule.nextRunAt()))
                .replaceWith(schedule);
    }

    private void checkCap(long schedules) {
        if (schedules >= limits.maxPerAccount()) {
            throw new ScheduleRuleException("schedules: an account may have at most " + limits.maxPerAccount()
                    + " schedules (MAX_SCHEDULES_PER_ACCOUNT); delete one first");
        }
    }

    public Uni<ScheduleRecord> view(UUID accountId, UUID id) {
        return rows.findOwned(accountId, id).onItem().ifNull().failWith(() -> new ScheduleNotFoundException(id));
    }

    public Uni<SchedulePage> list(UUID accountId, long offset, int perPage) {
        return rows.page(accountId, offset, perPage)
                .chain(found -> rows.count(accountId).map(total -> new SchedulePage(found, total)));
    }

    /** Replaces the schedule's definition; a changed cadence, zone or pause state sets the next run anew. */
    public Uni<ScheduleRecord> update(UUID accountId, UUID id, ScheduleDefinition definition) {
        return destinations.requireOwned(accountId, definition.destinationId()).chain(() -> pool.withTransaction(sql -> rows.lockOwned(sql, accountId, id)
                        .onItem().ifNull().failWith(() -> new ScheduleNotFoundException(id))
                        .chain(before -> {
                            ScheduleRecord after = record(id, accountId, definition, before.createdAt(), clock.instant());
                            boolean sameTimes = !before.paused() && !after.paused()
                                    && before.cadence().equals(after.cadence())
                                    && before.timeZone().equals(after.timeZone());
                            ScheduleRecord kept = sameTimes ? withNextRun(after, before.nextRunAt()) : after;
                            return rows.update(sql, kept)
                                    .chain(() -> publish(sql, kept, ScheduleChanged.UPDATED, null))
                                    .replaceWith(kept);
                        })))
                .chain(updated -> view(accountId, updated.id()))
                .invoke(updated -> LOG.infof("schedule %s updated (paused: %s)", id, updated.paused()));
    }

    /** Deletes the schedule and its runs' records; the jobs it created stay, with their {@code schedule_id}. */
    public Uni<Void> delete(UUID accountId, UUID id) {
        return pool.withTransaction(sql -> rows.lockOwned(sql, accountId, id)
                        .onItem().ifNull().failWith(() -> new ScheduleNotFoundException(id))
                        .chain(schedule -> rows.delete(sql, accountId, id)
                                .chain(() -> publish(sql, withNextRun(schedule, null), ScheduleChanged.DELETED, null))))
                .invoke(() -> LOG.infof("schedule %s deleted", id));
    }

    public Uni<RunPage> runs(UUID accountId, UUID id, long offset, int perPage) {
        return view(accountId, id).chain(schedule -> rows.runs(id, offset, perPage)
                .chain(found -> rows.runCount(id).map(total -> new RunPage(found, total))));
    }

    /**
     * Queues the runs of every whole period from {@code from} to {@code to} that has ended, at most
     * {@code maxBackfillPeriods}; a period the schedule ran already is skipped (its one run stays). The runs
     * wait behind live runs and under the account's cap of unfinished jobs ({@link ScheduleRunner}).
     */
    public Uni<List<ScheduleRecord.Run>> backfill(UUID accountId, UUID id, LocalDate from, LocalDate to) {
        Instant now = clock.instant();
        return pool.withTransaction(sql -> rows.lockOwned(sql, accountId, id)
                .onItem().ifNull().failWith(() -> new ScheduleNotFoundException(id))
                .chain(schedule -> {
                    List<Cadence.Period> periods = periods(schedule, from, to, now);
                    return queue(sql, schedule, periods, now);
                }));
    }

    private List<Cadence.Period> periods(ScheduleRecord schedule, LocalDate from, LocalDate to, Instant now) {
        Cadence cadence = schedule.cadenceIn();
        List<Cadence.Period> periods = new ArrayList<>();
        Instant runAt = cadence.nextAfter(from.atStartOfDay(cadence.zone()).toInstant().minusNanos(1));
        while (!runAt.isAfter(now)) {
            Cadence.Period period = cadence.periodEndingAt(runAt);
            if (period.end().isAfter(to)) {
                break;
            }
            if (!period.start().isBefore(from)) {
                if (periods.size() == limits.maxBackfillPeriods()) {
                    throw new ScheduleRuleException("A backfill covers at most " + limits.maxBackfillPeriods()
                            + " periods; from " + from + " to " + to + " holds more: split it into several calls");
                }
                periods.add(period);
            }
            runAt = cadence.nextAfter(runAt);
        }
        if (periods.isEmpty()) {
            throw new ScheduleRuleException("No whole period of cadence '" + schedule.cadence() + "' (in "
                    + schedule.timeZone() + ") lies from " + from + " to " + to + " and has ended");
        }
        return periods;
    }

    private Uni<List<ScheduleRecord.Run>> queue(SqlConnection sql, ScheduleRecord schedule, List<Cadence.Period> periods,
            Instant now) {
        List<ScheduleRecord.Run> queued = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Cadence.Period period : periods) {
            var dates = schedule.window().dates(period, null);
            chain = chain.chain(() -> rows.insertRun(sql, schedule.id(), period.runAt(), dates.start(), dates.end(),
                    true, now)).invoke(inserted -> {
                        if (inserted) {
                            queued.add(new ScheduleRecord.Run(period.runAt(), dates.start(), dates.end(), true,
                                    ScheduleRecord.Run.PENDING, null, null, now));
                        }
                    }).replaceWithVoid();
        }
        return chain.replaceWith(queued)
                .invoke(runs -> LOG.infof("schedule %s: %d backfill runs queued", schedule.id(), runs.size()));
    }

    private Uni<Void> publish(SqlConnection sql, ScheduleRecord s, String change, String errorMessage) {
        return outbox.add(sql, List.of(outbox.event(Topics.JOB_STATUS, ScheduleChanged.of(s.accountId(), s.id(), change,
                s.name(), s.cadence(), s.timeZone(), s.paused(), s.nextRunAt(), errorMessage))));
    }

    private ScheduleRecord record(UUID id, UUID accountId, ScheduleDefinition d, Instant createdAt, Instant now) {
        Instant next = d.paused() ? null : d.cadence().nextAfter(now);
        return new ScheduleRecord(id, accountId, d.name(), d.jobOptions(), d.cadence().wire(),
                d.cadence().zone().getId(), d.window().stored(), d.paused(), next, createdAt, now, null);
    }

    private static ScheduleRecord withNextRun(ScheduleRecord s, Instant nextRunAt) {
        return new ScheduleRecord(s.id(), s.accountId(), s.name(), s.jobOptions(), s.cadence(), s.timeZone(),
                s.runWindow(), s.paused(), nextRunAt, s.createdAt(), s.updatedAt(), s.lastRun());
    }

    public record SchedulePage(List<ScheduleRecord> schedules, long totalCount) {
    }

    public record RunPage(List<ScheduleRecord.Run> runs, long totalCount) {
    }
}
