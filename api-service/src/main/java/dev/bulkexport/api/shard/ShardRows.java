package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.ConcurrentChanges;
import dev.bulkexport.api.platform.PgArrays;
import dev.bulkexport.messaging.TraceParent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code api.job_shards} on the reactive SQL client: a new job's shards, inserted in the create's transaction, the
 * dispatcher's hand-out, and the shards of a job as its worker updates come in, each stored over the version it
 * was read at.
 */
@ApplicationScoped
class ShardRows {
    private static final String INSERT = "INSERT INTO api.job_shards (job_id, shard_index, shard_count, account_id,"
            + " property_ids, status, queued_at, traceparent) VALUES ($1, $2, $3, $4, $5, 'QUEUED', $6, $7)";
    private static final String OF_JOB = "SELECT job_id, shard_index, shard_count, property_ids, status, rows_written,"
            + " properties_done, version FROM api.job_shards WHERE job_id = $1 ORDER BY shard_index";
    private static final String UPDATE = "UPDATE api.job_shards SET status = $1, rows_written = $2,"
            + " properties_done = $3, version = version + 1, finished_at = CASE WHEN $1 IN ('DONE', 'FAILED',"
            + " 'CANCELLED') THEN coalesce(finished_at, now()) END"
            + " WHERE job_id = $4 AND shard_index = $5 AND version = $6";
    /**
     * Hands out up to $2 queued shards, round-robin across accounts: each account's queue is numbered in order
     * (its turn), an account takes only the turns its free running slots (cap $1 minus its running shards)
     * allow, and the picks go by turn, so every account's first shard comes before any account's second. Only
     * QUEUED rows move (a cancel that committed first wins), and the version moves with them (a shard read
     * before loses its update and is read again).
     */
    private static final String DISPATCH = """
            WITH running AS (
                SELECT account_id, count(*) AS n FROM api.job_shards WHERE status = 'RUNNING' GROUP BY account_id),
            queued AS (
                SELECT job_id, shard_index, account_id, queued_at,
                       row_number() OVER (PARTITION BY account_id ORDER BY queued_at, job_id, shard_index) AS turn
                FROM api.job_shards WHERE status = 'QUEUED'),
            picked AS (
                SELECT q.job_id, q.shard_index, q.turn, q.queued_at
                FROM queued q LEFT JOIN running r ON r.account_id = q.account_id
                WHERE q.turn <= $1 - coalesce(r.n, 0)
                ORDER BY q.turn, q.queued_at LIMIT $2)
            UPDATE api.job_shards s SET status = 'RUNNING', dispatched_at = now(), version = s.version + 1
            FROM picked p
            WHERE s.job_id = p.job_id AND s.shard_index = p.shard_index AND s.status = 'QUEUED'
            RETURNING p.turn, p.queued_at, s.job_id, s.shard_index, s.shard_count, s.account_id, s.property_ids,
                      s.traceparent
            """;
    /** One dispatcher at a time across the replicas: the running counts it reads stay true until it commits. */
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(1405)";

    /** A shard handed out: its place and its group of the job's properties. */
    record Dispatched(UUID jobId, int shardIndex, int shardCount, UUID accountId, List<Long> propertyIds,
            String traceparent) {

        @Override
        public String toString() {
            return "Dispatched[job " + jobId + ", shard " + shardIndex + "/" + shardCount + "]";
        }
    }

    /**
     * Queues the job's shards, one per property group, in the connection's transaction, with the create's trace
     * for their events.
     */
    Uni<Void> insert(SqlClient sql, UUID jobId, UUID accountId, Instant queuedAt, List<List<Long>> groups) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            rows.add(Tuple.from(Arrays.asList(jobId, i + 1, groups.size(), accountId,
                    PgArrays.bigintArray(groups.get(i)), queuedAt.atOffset(ZoneOffset.UTC), TraceParent.current())));
        }
        return sql.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** The job's shards in order. */
    Uni<List<JobShard>> ofJob(SqlClient sql, UUID jobId) {
        return sql.preparedQuery(OF_JOB).execute(Tuple.of(jobId)).map(rows -> {
            List<JobShard> shards = new ArrayList<>();
            for (Row row : rows) {
                shards.add(new JobShard(row.getUUID(0), row.getInteger(1), row.getInteger(2),
                        List.of(row.getArrayOfLongs(3)), ShardStatus.valueOf(row.getString(4)), row.getLong(5),
                        row.getInteger(6), row.getInteger(7)));
            }
            return shards;
        });
    }

    /**
     * Stores a changed shard over the version it was read at; fails with
     * {@link ConcurrentChanges.LostToAnotherChange} when another transaction (the dispatcher, another update) changed
     * it first.
     */
    Uni<Void> update(SqlClient sql, JobShard shard) {
        return sql.preparedQuery(UPDATE).execute(Tuple.from(Arrays.asList(shard.status().name(), shard.rowsWritten(),
                        shard.propertiesDone(), shard.jobId(), shard.shardIndex(), shard.version())))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ConcurrentChanges.LostToAnotherChange(
                                "shard " + shard.shardIndex() + " of job " + shard.jobId());
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Moves up to {@code batch} shards to RUNNING within the per-account cap and returns them in hand-out
     * order; none when another replica's dispatcher holds the lock (it hands them out).
     */
    Uni<List<Dispatched>> dispatch(SqlClient sql, int maxRunningPerAccount, int batch) {
        return sql.query(LOCK).execute().chain(locked -> !locked.iterator().next().getBoolean(0)
                ? Uni.createFrom().item(List.<Dispatched>of())
                : sql.preparedQuery(DISPATCH).execute(Tuple.of(maxRunningPerAccount, batch)).map(rows -> {
                    List<Row> picked = new ArrayList<>();
                    rows.forEach(picked::add);
                    picked.sort((a, b) -> a.getLong("turn") != b.getLong("turn")
                            ? Long.compare(a.getLong("turn"), b.getLong("turn"))
                            : a.getOffsetDateTime("queued_at").compareTo(b.getOffsetDateTime("queued_at")));
                    return picked.stream().map(ShardRows::dispatched).toList();
                }));
    }

    private static Dispatched dispatched(Row row) {
        return new Dispatched(row.getUUID("job_id"), row.getInteger("shard_index"), row.getInteger("shard_count"),
                row.getUUID("account_id"), List.of(row.getArrayOfLongs("property_ids")), row.getString("traceparent"));
    }
}
