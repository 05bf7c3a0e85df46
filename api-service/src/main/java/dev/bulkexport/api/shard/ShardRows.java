package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.PgArrays;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.messaging.TraceParent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The queue of shards on the reactive SQL client: a new job's shards, inserted in the create's transaction,
 * and the dispatcher's hand-out. Finishing a shard goes through the {@link dev.bulkexport.api.shard.JobShard}
 * entity.
 */
@ApplicationScoped
public class ShardRows {
    private static final String INSERT = "INSERT INTO api.job_shards (job_id, shard_index, shard_count, account_id,"
            + " property_ids, status, queued_at, traceparent) VALUES ($1, $2, $3, $4, $5, 'QUEUED', $6, $7)";
    /**
     * Hands out up to $2 queued shards, round-robin across accounts: each account's queue is numbered in order
     * (its turn), an account takes only the turns its free running slots (its cap, api.accounts.max_running_shards
     * or else $1, minus its running shards) allow, and the picks go by turn, so every account's first shard comes
     * before any account's second. Only QUEUED rows move (a cancel that committed first wins), and the version
     * moves with them (an entity read before loses its update and reads again).
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
                FROM queued q LEFT JOIN api.accounts a ON a.id = q.account_id
                     LEFT JOIN running r ON r.account_id = q.account_id
                WHERE q.turn <= coalesce(a.max_running_shards, $1) - coalesce(r.n, 0)
                ORDER BY q.turn, q.queued_at LIMIT $2)
            UPDATE api.job_shards s SET status = 'RUNNING', dispatched_at = now(), version = s.version + 1
            FROM picked p, api.jobs j
            WHERE s.job_id = p.job_id AND s.shard_index = p.shard_index AND s.status = 'QUEUED' AND j.id = s.job_id
            RETURNING p.turn, p.queued_at, s.job_id, s.shard_index, s.shard_count, s.account_id, s.property_ids,
                      s.traceparent,
                      j.report_type, j.output_format, j.start_date, j.end_date, j.compression, j.fields,
                      j.max_file_size_mb, j.destination_id, j.destination_bucket, j.destination_prefix,
                      j.destination_region, j.destination_endpoint, j.destination_access_key_id,
                      j.destination_sealed_secret
            """;
    /** One dispatcher at a time across the replicas: the running counts it reads stay true until it commits. */
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(1405)";

    /** A shard handed out, with what its event needs of its job. */
    public record Dispatched(UUID jobId, int shardIndex, int shardCount, UUID accountId, List<Long> propertyIds,
            ReportType reportType, OutputFormat outputFormat, LocalDate startDate, LocalDate endDate,
            Compression compression, List<String> fields, Integer maxFileSizeMb, ExportDestination destination,
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
    public Uni<Void> insert(SqlClient sql, UUID jobId, UUID accountId, Instant queuedAt, List<List<Long>> groups) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            rows.add(Tuple.from(Arrays.asList(jobId, i + 1, groups.size(), accountId,
                    PgArrays.bigintArray(groups.get(i)), queuedAt.atOffset(ZoneOffset.UTC), TraceParent.current())));
        }
        return sql.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /**
     * Moves up to {@code batch} shards to RUNNING within each account's cap ({@code maxRunningPerAccount} for an
     * account without its own) and returns them in hand-out order; none when another replica's dispatcher holds
     * the lock (it hands them out).
     */
    public Uni<List<Dispatched>> dispatch(SqlClient sql, int maxRunningPerAccount, int batch) {
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
        String compression = row.getString("compression");
        String[] fields = row.getArrayOfStrings("fields");
        return new Dispatched(row.getUUID("job_id"), row.getInteger("shard_index"), row.getInteger("shard_count"),
                row.getUUID("account_id"), List.of(row.getArrayOfLongs("property_ids")),
                ReportType.valueOf(row.getString("report_type")), OutputFormat.valueOf(row.getString("output_format")),
                row.getLocalDate("start_date"), row.getLocalDate("end_date"),
                compression == null ? null : Compression.valueOf(compression), fields == null ? null : List.of(fields),
                row.getInteger("max_file_size_mb"), destination(row), row.getString("traceparent"));
    }

    /** The job's destination with its credentials (the job's own copy: it is unfinished); null for our bucket. */
    private static ExportDestination destination(Row row) {
        UUID id = row.getUUID("destination_id");
        return id == null ? null : new ExportDestination(id, row.getString("destination_bucket"),
                row.getString("destination_prefix"), row.getString("destination_region"),
                row.getString("destination_endpoint"), row.getString("destination_access_key_id"),
                row.getString("destination_sealed_secret"));
    }
}
