package dev.bulkexport.api.job;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.WebhookStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Job rows on the reactive SQL client, without a Hibernate session (which cost more than the statements
 * themselves): the read behind GET of a job and its download link, and the insert of a new job inside a
 * create's pipelined transaction. It reads {@link JobRecord}s, whose components are the column list; every
 * change of an existing job goes through the entity ({@link JobRepository}).
 */
@ApplicationScoped
public class JobRows {
    private static final String FIND_OWNED = "SELECT " + String.join(", ", JobRecord.COLUMNS)
            + " FROM api.jobs WHERE id = $1 AND account_id = $2";
    private static final String INSERT = "INSERT INTO api.jobs (id, account_id, report_type, output_format,"
            + " property_ids, start_date, end_date, status, callback_url, created_at, updated_at, version, compression,"
            + " fields, max_file_size_mb, schedule_id, destination_id, destination_bucket, destination_prefix,"
            + " destination_region, destination_endpoint, destination_access_key_id, destination_sealed_secret)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,"
            + " $22, $23)";

    private final Pool pool;

    public JobRows(Pool pool) {
        this.pool = pool;
    }

    /** The job if it belongs to the account; null otherwise, so that other accounts' jobs do not exist. */
    public Uni<JobRecord> findOwned(UUID accountId, UUID jobId) {
        return findOwned(pool, accountId, jobId);
    }

    /** As {@link #findOwned(UUID, UUID)}, on a given connection (inside its transaction). */
    public Uni<JobRecord> findOwned(SqlClient sql, UUID accountId, UUID jobId) {
        return sql.preparedQuery(FIND_OWNED).execute(Tuple.of(jobId, accountId))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** Inserts a new job (made by {@link Job#submit}) in the connection's transaction. */
    public Uni<Void> insert(SqlClient sql, Job job) {
        return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(job.id, job.accountId,
                        job.reportType.name(), job.outputFormat.name(), job.propertyIds, job.startDate, job.endDate,
                        job.status.name(), job.callbackUrl, offset(job.createdAt), offset(job.updatedAt), job.version,
                        job.compression == null ? null : job.compression.name(), job.fields, job.maxFileSizeMb,
                        job.scheduleId, job.destinationId, job.destinationBucket, job.destinationPrefix,
                        job.destinationRegion, job.destinationEndpoint, job.destinationAccessKeyId,
                        job.destinationSealedSecret)))
                .replaceWithVoid();
    }

    /** The row in {@link JobRecord#COLUMNS} order. */
    private static JobRecord job(Row row) {
        return new JobRecord(row.getUUID(0), row.getUUID(1), ReportType.valueOf(row.getString(2)),
                OutputFormat.valueOf(row.getString(3)), row.getArrayOfLongs(4), row.getLocalDate(5),
                row.getLocalDate(6), JobStatus.valueOf(row.getString(7)), row.getString(8), row.getString(9),
                instant(row, 10), instant(row, 11), instant(row, 12), instant(row, 13), row.getLong(14),
                row.getInteger(15), row.getInteger(16), row.getLong(17), row.getLong(18), row.getString(19),
                row.getString(20), row.getString(21), webhookStatus(row.getString(22)), row.getInteger(23),
                instant(row, 24), row.getInteger(25), row.getInteger(26),
                row.getString(27) == null ? null : Compression.valueOf(row.getString(27)), row.getArrayOfStrings(28),
                row.getInteger(29), row.getInteger(30), row.getUUID(31), row.getUUID(32), row.getString(33),
                row.getString(34), row.getString(35), row.getString(36), row.getString(37), row.getString(38));
    }

    private static WebhookStatus webhookStatus(String column) {
        return column == null ? null : WebhookStatus.fromWire(column);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
