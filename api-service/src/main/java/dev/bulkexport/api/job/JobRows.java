package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ConcurrentChanges;
import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The one way to {@code api.jobs}, on the reactive SQL client: a {@link Job} is read and written whole, in
 * {@link #COLUMNS} order. A change is stored only over the version it was read at ({@link #update}), so that of two
 * transactions changing one job the later fails and runs again on a fresh read ({@link ConcurrentChanges}).
 */
@ApplicationScoped
class JobRows {
    /** Every column of {@code api.jobs}, in the order {@link #job(Row)} reads and {@link #values} writes them. */
    static final List<String> COLUMNS = List.of("id", "account_id", "report_type", "output_format", "property_ids",
            "start_date", "end_date", "compression", "fields", "max_file_size_mb", "destination_id", "callback_url",
            "schedule_id", "destination_bucket", "destination_prefix", "destination_region", "destination_endpoint",
            "destination_access_key_id", "destination_sealed_secret", "status", "created_at", "updated_at", "version",
            "started_at", "rows_written", "properties_done", "properties_total", "completed_at", "error_message",
            "result_row_count", "result_file_size_bytes", "result_sha256", "result_object_key", "result_file_name",
            "result_file_count", "webhook_status", "webhook_attempts", "webhook_last_attempt_at",
            "webhook_last_response_status", "csv_formula_escaping", "iceberg_table", "result_iceberg_metadata_location",
            "result_iceberg_snapshot_id");
    /** Columns a stored job never changes: those before {@code destination_access_key_id}. */
    private static final int FIXED = COLUMNS.indexOf("destination_access_key_id");
    private static final int VERSION = COLUMNS.indexOf("version");
    private static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM api.jobs";
    private static final String FIND = SELECT + " WHERE id = $1";
    private static final String FIND_OWNED = SELECT + " WHERE id = $1 AND account_id = $2";
    private static final String FIND_ALL = SELECT + " WHERE id = ANY ($1)";
    private static final String INSERT = "INSERT INTO api.jobs (" + String.join(", ", COLUMNS) + ") VALUES ("
            + IntStream.rangeClosed(1, COLUMNS.size()).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";
    private static final String UPDATE = "UPDATE api.jobs SET " + IntStream.range(FIXED, COLUMNS.size())
            .mapToObj(i -> COLUMNS.get(i) + " = $" + (i - FIXED + 1)).collect(Collectors.joining(", "))
            + " WHERE id = $" + (COLUMNS.size() - FIXED + 1) + " AND version = $" + (COLUMNS.size() - FIXED + 2);
    private static final String PAGE = SELECT + " WHERE account_id = $1 AND ($2::text IS NULL OR status = $2)"
            + " ORDER BY created_at DESC, id DESC OFFSET $3 LIMIT $4";
    private static final String COUNT = "SELECT count(*) FROM api.jobs WHERE account_id = $1"
            + " AND ($2::text IS NULL OR status = $2)";
    private static final String UNFINISHED = "SELECT count(*), (SELECT max_unfinished_jobs FROM api.accounts"
            + " WHERE id = $1) FROM api.jobs WHERE account_id = $1 AND status = $2";

    private final Pool pool;

    JobRows(Pool pool) {
        this.pool = pool;
    }

    /** The job, whatever its account (a worker's or the notifier's event names it); null when there is none. */
    Uni<Job> find(SqlClient sql, UUID jobId) {
        return sql.preparedQuery(FIND).execute(Tuple.of(jobId)).map(JobRows::first);
    }

    /** The jobs of the ids that exist. */
    Uni<List<Job>> findAll(SqlClient sql, Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery(FIND_ALL).execute(Tuple.of(jobIds.toArray(UUID[]::new))).map(JobRows::all);
    }

    /** The job if it belongs to the account; null otherwise, so that other accounts' jobs do not exist. */
    Uni<Job> findOwned(UUID accountId, UUID jobId) {
        return findOwned(pool, accountId, jobId);
    }

    Uni<Job> findOwned(SqlClient sql, UUID accountId, UUID jobId) {
        return sql.preparedQuery(FIND_OWNED).execute(Tuple.of(jobId, accountId)).map(JobRows::first);
    }

    /** A page of the account's jobs, newest first, optionally of one status. */
    Uni<List<Job>> page(UUID accountId, JobStatus status, long offset, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(accountId, status == null ? null : status.name(), offset,
                limit)).map(JobRows::all);
    }

    Uni<Long> count(UUID accountId, JobStatus status) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(accountId, status == null ? null : status.name()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** An account's jobs without an outcome yet (queued or running), and its cap of them. */
    record Unfinished(long jobs, int cap) {
    }

    /**
     * The account's jobs without an outcome yet, for the cap on work in flight, with the account's own cap
     * (api.accounts.max_unfinished_jobs), else {@code configuredCap}.
     */
    Uni<Unfinished> unfinished(SqlClient sql, UUID accountId, int configuredCap) {
        return sql.preparedQuery(UNFINISHED).execute(Tuple.of(accountId, JobStatus.SUBMITTED.name()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Integer own = row.getInteger(1);
                    return new Unfinished(row.getLong(0), own == null ? configuredCap : own);
                });
    }

    /** Inserts a new job in the connection's transaction. */
    Uni<Void> insert(SqlClient sql, Job job) {
        return sql.preparedQuery(INSERT).execute(Tuple.from(values(job))).replaceWithVoid();
    }

    /**
     * Stores a changed job over the version it was read at, and gives it back with its new version; fails with
     * {@link ConcurrentChanges.LostToAnotherChange} when another transaction changed the job first.
     */
    Uni<Job> update(SqlClient sql, Job job) {
        List<Object> values = values(job);
        List<Object> parameters = new ArrayList<>(values.subList(FIXED, values.size()));
        parameters.set(VERSION - FIXED, job.version() + 1);
        parameters.add(job.id());
        parameters.add(job.version());
        return sql.preparedQuery(UPDATE).execute(Tuple.from(parameters)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw new ConcurrentChanges.LostToAnotherChange("job " + job.id());
            }
            return new Job(job.id(), job.accountId(), job.spec(), job.callbackUrl(), job.scheduleId(),
                    job.destination(), job.status(), job.createdAt(), job.updatedAt(), job.version() + 1, job.run(),
                    job.outcome(), job.webhook());
        });
    }

    /** The job's values in {@link #COLUMNS} order. */
    private static List<Object> values(Job job) {
        JobSpec spec = job.spec();
        ExportDestination to = job.destination();
        Job.Progress progress = job.run() == null ? null : job.run().progress();
        Job.Outcome outcome = job.outcome();
        Job.Result result = outcome == null ? null : outcome.result();
        JobSnapshot.Webhook webhook = job.webhook();
        return Arrays.asList(job.id(), job.accountId(), spec.reportType().name(), spec.outputFormat().name(),
                spec.propertyIds().toArray(Long[]::new), spec.startDate(), spec.endDate(),
                spec.compression() == null ? null : spec.compression().name(),
                spec.fields() == null ? null : spec.fields().toArray(String[]::new), spec.maxFileSizeMb(),
                spec.destinationId(), job.callbackUrl(), job.scheduleId(),
                to == null ? null : to.bucket(), to == null ? null : to.prefix(), to == null ? null : to.region(),
                to == null ? null : to.endpoint(), to == null ? null : to.accessKeyId(),
                to == null ? null : to.sealedSecretAccessKey(),
                job.status().name(), offset(job.createdAt()), offset(job.updatedAt()), job.version(),
                offset(job.run() == null ? null : job.run().startedAt()),
                progress == null ? null : progress.rowsWritten(), progress == null ? null : progress.propertiesDone(),
                progress == null ? null : progress.propertiesTotal(),
                offset(outcome == null ? null : outcome.completedAt()), outcome == null ? null : outcome.errorMessage(),
                result == null ? null : result.rowCount(), result == null ? null : result.fileSizeBytes(),
                result == null ? null : result.sha256(), result == null ? null : result.objectKey(),
                result == null ? null : result.fileName(), result == null ? null : result.fileCount(),
                webhook == null ? null : webhook.status().wireName(), webhook == null ? null : webhook.attempts(),
                offset(webhook == null ? null : webhook.lastAttemptAt()),
                webhook == null ? null : webhook.lastResponseStatus(), spec.csvFormulaEscaping(), spec.icebergTable(),
                result == null || result.iceberg() == null ? null : result.iceberg().metadataLocation(),
                result == null || result.iceberg() == null ? null : result.iceberg().snapshotId());
    }

    /** The row in {@link #COLUMNS} order. */
    private static Job job(Row row) {
        String compression = row.getString(7);
        String[] fields = row.getArrayOfStrings(8);
        UUID destinationId = row.getUUID(10);
        JobSpec spec = new JobSpec(ReportType.valueOf(row.getString(2)), OutputFormat.valueOf(row.getString(3)),
                Arrays.asList(row.getArrayOfLongs(4)), row.getLocalDate(5), row.getLocalDate(6),
                compression == null ? null : Compression.valueOf(compression), fields == null ? null : List.of(fields),
                row.getInteger(9), destinationId, row.getBoolean(39), row.getString(40));
        ExportDestination destination = destinationId == null ? null : new ExportDestination(destinationId,
                row.getString(13), row.getString(14), row.getString(15), row.getString(16), row.getString(17),
                row.getString(18));
        JobStatus status = JobStatus.valueOf(row.getString(19));
        Instant startedAt = instant(row, 23);
        Long rowsWritten = row.getLong(24);
        Job.Run run = startedAt == null && rowsWritten == null ? null : new Job.Run(startedAt, rowsWritten == null
                ? null : new Job.Progress(rowsWritten, row.getInteger(25), row.getInteger(26)));
        Long resultRows = row.getLong(29);
        String icebergMetadata = row.getString(41);
        Job.Result result = resultRows == null ? null : new Job.Result(resultRows, row.getLong(30), row.getString(31),
                row.getString(32), row.getString(33), row.getInteger(34) == null ? 1 : row.getInteger(34),
                icebergMetadata == null ? null : new JobCompleted.IcebergCommit(spec.icebergTable(), icebergMetadata,
                        row.getLong(42)));
        Job.Outcome outcome = status.isTerminal() ? new Job.Outcome(instant(row, 27), row.getString(28), result)
                : null;
        String webhookStatus = row.getString(35);
        JobSnapshot.Webhook webhook = webhookStatus == null ? null : new JobSnapshot.Webhook(
                WebhookStatus.fromWire(webhookStatus), row.getInteger(36) == null ? 0 : row.getInteger(36),
                instant(row, 37), row.getInteger(38));
        return new Job(row.getUUID(0), row.getUUID(1), spec, row.getString(11), row.getUUID(12), destination, status,
                instant(row, 20), instant(row, 21), row.getInteger(22), run, outcome, webhook);
    }

    private static Job first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : job(rows.iterator().next());
    }

    private static List<Job> all(RowSet<Row> rows) {
        List<Job> jobs = new ArrayList<>();
        rows.forEach(row -> jobs.add(job(row)));
        return jobs;
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
