package dev.bulkexport.api.schedule;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Schedules and their runs on the reactive SQL client, so that a run's job is created in the same transaction
 * as the claim of its period ({@code JobSubmissionService#createInTransaction}). One column list per read
 * ({@link #SELECT}, {@link #RUN_COLUMNS}).
 */
@ApplicationScoped
public class ScheduleRows {
    private static final String RUN_COLUMNS = "r.run_at, r.start_date, r.end_date, r.backfill,"
            + " COALESCE(lower(j.status), r.status), r.job_id, r.error_message, r.created_at";
    private static final String SELECT = "SELECT s.id, s.account_id, s.name, s.job_options, s.cadence, s.time_zone,"
            + " s.run_window, s.paused, s.next_run_at, s.created_at, s.updated_at, " + RUN_COLUMNS
            + " FROM api.schedules s LEFT JOIN LATERAL (SELECT * FROM api.schedule_runs WHERE schedule_id = s.id"
            + " ORDER BY created_at DESC, run_at DESC LIMIT 1) r ON true LEFT JOIN api.jobs j ON j.id = r.job_id";
    private static final String INSERT = "INSERT INTO api.schedules (id, account_id, name, job_options, cadence,"
            + " time_zone, run_window, paused, next_run_at, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    private static final String UPDATE = "UPDATE api.schedules SET name = $3, job_options = $4, cadence = $5,"
            + " time_zone = $6, run_window = $7, paused = $8, next_run_at = $9, updated_at = $11"
            + " WHERE id = $1 AND account_id = $2 AND created_at = $10";
    private static final String INSERT_RUN = "INSERT INTO api.schedule_runs (schedule_id, run_at, start_date, end_date,"
            + " backfill, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)"
            + " ON CONFLICT (schedule_id, run_at) DO NOTHING";
    /**
     * Pending runs in turns: each account's runs numbered live before backfill, oldest first; an account at its cap of
     * unfinished jobs has no room and no turn, and gets at most $2 and its room. The window function sits in the CTE
     * because PostgreSQL locks no row of a query level that has one.
     */
    private static final String PENDING = "WITH room AS (SELECT a.id AS account_id, COALESCE(a.max_unfinished_jobs, $3)"
            + " - (SELECT count(*) FROM api.jobs j WHERE j.account_id = a.id AND j.status = 'SUBMITTED') AS free"
            + " FROM api.accounts a WHERE a.id IN (SELECT s.account_id FROM api.schedule_runs r JOIN api.schedules s"
            + " ON s.id = r.schedule_id WHERE r.status = 'pending' AND NOT s.paused)),"
            + " turns AS (SELECT r.schedule_id, r.run_at, r.backfill, r.created_at, room.free, row_number() OVER"
            + " (PARTITION BY s.account_id ORDER BY r.backfill, r.created_at, r.run_at) AS turn"
            + " FROM api.schedule_runs r JOIN api.schedules s ON s.id = r.schedule_id"
            + " JOIN room ON room.account_id = s.account_id WHERE r.status = 'pending' AND NOT s.paused AND room.free > 0)"
            + " SELECT s.id, s.account_id, s.job_options, r.run_at, r.start_date, r.end_date"
            + " FROM turns t JOIN api.schedule_runs r ON r.schedule_id = t.schedule_id AND r.run_at = t.run_at"
            + " JOIN api.schedules s ON s.id = r.schedule_id"
            + " WHERE t.turn <= LEAST($2, t.free) AND r.status = 'pending'"
            + " ORDER BY t.turn, t.backfill, t.created_at, t.run_at LIMIT $1 FOR UPDATE OF r SKIP LOCKED";

    private final Pool pool;

    public ScheduleRows(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient sql, ScheduleRecord s) {
        return sql.preparedQuery(INSERT).execute(values(s)).replaceWithVoid();
    }

    public Uni<Void> update(SqlClient sql, ScheduleRecord s) {
        return sql.preparedQuery(UPDATE).execute(values(s)).replaceWithVoid();
    }

    /** The account's schedule, or null: another account's schedules do not exist. */
    public Uni<ScheduleRecord> findOwned(UUID accountId, UUID id) {
        return pool.preparedQuery(SELECT + " WHERE s.id = $1 AND s.account_id = $2").execute(Tuple.of(id, accountId))
                .map(ScheduleRows::first);
    }

    /** As {@link #findOwned}, locked for a change in the connection's transaction. */
    public Uni<ScheduleRecord> lockOwned(SqlClient sql, UUID accountId, UUID id) {
        return sql.preparedQuery(SELECT + " WHERE s.id = $1 AND s.account_id = $2 FOR UPDATE OF s")
                .execute(Tuple.of(id, accountId)).map(ScheduleRows::first);
    }

    public Uni<Boolean> delete(SqlClient sql, UUID accountId, UUID id) {
        return sql.preparedQuery("DELETE FROM api.schedules WHERE id = $1 AND account_id = $2")
                .execute(Tuple.of(id, accountId)).map(rows -> rows.rowCount() == 1);
    }

    /** A page of the account's schedules, oldest first. */
    public Uni<List<ScheduleRecord>> page(UUID accountId, long offset, int limit) {
        return pool.preparedQuery(SELECT + " WHERE s.account_id = $1 ORDER BY s.created_at, s.id OFFSET $2 LIMIT $3")
                .execute(Tuple.of(accountId, offset, limit)).map(ScheduleRows::all);
    }

    /**
     * The account's schedules, counted under a lock on the account's schedule creates held to the end of the
     * transaction, so that two creates at once cannot both pass the cap.
     */
    public Uni<Long> countForCreate(SqlClient sql, UUID accountId) {
        return sql.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('api.schedules:' || $1::text, 0))")
                .execute(Tuple.of(accountId.toString()))
                .chain(() -> sql.preparedQuery("SELECT count(*) FROM api.schedules WHERE account_id = $1")
                        .execute(Tuple.of(accountId)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Long> count(UUID accountId) {
        return pool.preparedQuery("SELECT count(*) FROM api.schedules WHERE account_id = $1")
                .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Due schedules, locked for this transaction; those another replica holds are skipped (it handles them), so
     * replicas never wait on each other nor claim one schedule twice.
     */
    public Uni<List<ScheduleRecord>> claimDue(SqlClient sql, Instant now, int limit) {
        return sql.preparedQuery(SELECT + " WHERE s.next_run_at <= $1 AND NOT s.paused ORDER BY s.next_run_at"
                        + " LIMIT $2 FOR UPDATE OF s SKIP LOCKED")
                .execute(Tuple.of(offset(now), limit)).map(ScheduleRows::all);
    }

    public Uni<Void> advance(SqlClient sql, UUID id, Instant nextRunAt) {
        return sql.preparedQuery("UPDATE api.schedules SET next_run_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, offset(nextRunAt))).replaceWithVoid();
    }

    /** Adds a pending run; false when the schedule has a run of that period already (the period's one run). */
    public Uni<Boolean> insertRun(SqlClient sql, UUID scheduleId, Instant runAt, LocalDate start, LocalDate end,
            boolean backfill, Instant now) {
        return sql.preparedQuery(INSERT_RUN)
                .execute(Tuple.from(Arrays.asList(scheduleId, offset(runAt), start, end, backfill, offset(now))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether a run of the schedule waits for its job or has a job that has not finished. */
    public Uni<Boolean> hasUnfinishedRun(SqlClient sql, UUID scheduleId) {
        return sql.preparedQuery("SELECT EXISTS (SELECT 1 FROM api.schedule_runs r LEFT JOIN api.jobs j ON j.id = r.job_id"
                        + " WHERE r.schedule_id = $1 AND (r.status = 'pending' OR j.status = 'SUBMITTED'))")
                .execute(Tuple.of(scheduleId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The first day no succeeded run of the schedule exported: the day after the last succeeded run's end date,
     * or before any success the first day of its first run; null before any run.
     */
    public Uni<LocalDate> firstUncovered(SqlClient sql, UUID scheduleId) {
        return sql.preparedQuery("SELECT COALESCE((SELECT max(j.end_date) + 1 FROM api.schedule_runs r JOIN api.jobs j"
                        + " ON j.id = r.job_id WHERE r.schedule_id = $1 AND j.status = 'SUCCEEDED'),"
                        + " (SELECT min(start_date) FROM api.schedule_runs WHERE schedule_id = $1))")
                .execute(Tuple.of(scheduleId)).map(rows -> rows.iterator().next().getLocalDate(0));
    }

    /**
     * Pending runs, locked for this transaction (others skipped), fairly across accounts: round-robin by account,
     * each account's live before backfill and oldest first, at most {@code perAccount} of one account and no more
     * than its room under its cap of unfinished jobs (its own, else {@code defaultCap}).
     */
    public Uni<List<PendingRun>> claimPending(SqlClient sql, int limit, int perAccount, int defaultCap) {
        return sql.preparedQuery(PENDING).execute(Tuple.of(limit, perAccount, defaultCap)).map(rows -> {
            List<PendingRun> runs = new ArrayList<>();
            rows.forEach(row -> runs.add(new PendingRun(row.getUUID(0), row.getUUID(1), row.getString(2),
                    instant(row, 3), row.getLocalDate(4), row.getLocalDate(5))));
            return runs;
        });
    }

    public Uni<Void> markCreated(SqlClient sql, UUID scheduleId, Instant runAt, UUID jobId) {
        return sql.preparedQuery("UPDATE api.schedule_runs SET status = 'created', job_id = $3"
                        + " WHERE schedule_id = $1 AND run_at = $2")
                .execute(Tuple.of(scheduleId, offset(runAt), jobId)).replaceWithVoid();
    }

    public Uni<Void> markRejected(SqlClient sql, UUID scheduleId, Instant runAt, String errorMessage) {
        return sql.preparedQuery("UPDATE api.schedule_runs SET status = 'rejected', error_message = $3"
                        + " WHERE schedule_id = $1 AND run_at = $2")
                .execute(Tuple.of(scheduleId, offset(runAt), errorMessage)).replaceWithVoid();
    }

    /** A page of the schedule's runs, latest period first. */
    public Uni<List<ScheduleRecord.Run>> runs(UUID scheduleId, long offset, int limit) {
        return pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM api.schedule_runs r LEFT JOIN api.jobs j"
                        + " ON j.id = r.job_id WHERE r.schedule_id = $1 ORDER BY r.run_at DESC OFFSET $2 LIMIT $3")
                .execute(Tuple.of(scheduleId, offset, limit)).map(rows -> {
                    List<ScheduleRecord.Run> runs = new ArrayList<>();
                    rows.forEach(row -> runs.add(run(row, 0)));
                    return runs;
                });
    }

    public Uni<Long> runCount(UUID scheduleId) {
        return pool.preparedQuery("SELECT count(*) FROM api.schedule_runs WHERE schedule_id = $1")
                .execute(Tuple.of(scheduleId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** A run waiting for its job, with what its job is made of. */
    public record PendingRun(UUID scheduleId, UUID accountId, String jobOptions, Instant runAt, LocalDate startDate,
            LocalDate endDate) {
    }

    private static Tuple values(ScheduleRecord s) {
        return Tuple.from(Arrays.asList(s.id(), s.accountId(), s.name(), s.jobOptions(), s.cadence(), s.timeZone(),
                s.runWindow(), s.paused(), s.nextRunAt() == null ? null : offset(s.nextRunAt()), offset(s.createdAt()),
                offset(s.updatedAt())));
    }

    private static ScheduleRecord first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : schedule(rows.iterator().next());
    }

    private static List<ScheduleRecord> all(RowSet<Row> rows) {
        List<ScheduleRecord> found = new ArrayList<>();
        rows.forEach(row -> found.add(schedule(row)));
        return found;
    }

    private static ScheduleRecord schedule(Row row) {
        return new ScheduleRecord(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getBoolean(7), instant(row, 8), instant(row, 9),
                instant(row, 10), row.getValue(11) == null ? null : run(row, 11));
    }

    private static ScheduleRecord.Run run(Row row, int first) {
        return new ScheduleRecord.Run(instant(row, first), row.getLocalDate(first + 1), row.getLocalDate(first + 2),
                row.getBoolean(first + 3), row.getString(first + 4), row.getUUID(first + 5), row.getString(first + 6),
                instant(row, first + 7));
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
