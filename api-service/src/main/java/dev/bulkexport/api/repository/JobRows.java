package dev.bulkexport.api.repository;

import dev.bulkexport.api.domain.Job;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
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
 * create's pipelined transaction. The jobs it reads are detached copies: never persist them; every change of
 * an existing job goes through {@link JobRepository}.
 */
@ApplicationScoped
public class JobRows {
    private static final String FIND_OWNED = "SELECT id, account_id, report_type, output_format, property_ids,"
            + " start_date, end_date, status, callback_url, error_message, created_at, updated_at, started_at,"
            + " completed_at, rows_written, properties_done, properties_total, result_row_count,"
            + " result_file_size_bytes, result_sha256, result_object_key, result_file_name, webhook_status,"
            + " webhook_attempts, webhook_last_attempt_at, webhook_last_response_status, version"
            + " FROM api.jobs WHERE id = $1 AND account_id = $2";
    private static final String INSERT = "INSERT INTO api.jobs (id, account_id, report_type, output_format,"
            + " property_ids, start_date, end_date, status, callback_url, created_at, updated_at, version)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

    private final Pool pool;

    public JobRows(Pool pool) {
        this.pool = pool;
    }

    /** The job if it belongs to the account; null otherwise, so that other accounts' jobs do not exist. */
    public Uni<Job> findOwned(UUID accountId, UUID jobId) {
        return findOwned(pool, accountId, jobId);
    }

    /** As {@link #findOwned(UUID, UUID)}, on a given connection (inside its transaction). */
    public Uni<Job> findOwned(SqlClient sql, UUID accountId, UUID jobId) {
        return sql.preparedQuery(FIND_OWNED).execute(Tuple.of(jobId, accountId))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** Inserts a new job (made by {@link Job#submit}) in the connection's transaction. */
    public Uni<Void> insert(SqlClient sql, Job job) {
        return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(job.id, job.accountId,
                        job.reportType.name(), job.outputFormat.name(), job.propertyIds, job.startDate, job.endDate,
                        job.status.name(), job.callbackUrl, offset(job.createdAt), offset(job.updatedAt), job.version)))
                .replaceWithVoid();
    }

    /** The row as the entity Hibernate would load (the same columns as {@link Job}'s fields). */
    private static Job job(Row row) {
        Job job = new Job();
        job.id = row.getUUID("id");
        job.accountId = row.getUUID("account_id");
        job.reportType = ReportType.valueOf(row.getString("report_type"));
        job.outputFormat = OutputFormat.valueOf(row.getString("output_format"));
        job.propertyIds = row.getArrayOfLongs("property_ids");
        job.startDate = row.getLocalDate("start_date");
        job.endDate = row.getLocalDate("end_date");
        job.status = JobStatus.valueOf(row.getString("status"));
        job.callbackUrl = row.getString("callback_url");
        job.errorMessage = row.getString("error_message");
        job.createdAt = instant(row, "created_at");
        job.updatedAt = instant(row, "updated_at");
        job.startedAt = instant(row, "started_at");
        job.completedAt = instant(row, "completed_at");
        job.rowsWritten = row.getLong("rows_written");
        job.propertiesDone = row.getInteger("properties_done");
        job.propertiesTotal = row.getInteger("properties_total");
        job.resultRowCount = row.getLong("result_row_count");
        job.resultFileSizeBytes = row.getLong("result_file_size_bytes");
        job.resultSha256 = row.getString("result_sha256");
        job.resultObjectKey = row.getString("result_object_key");
        job.resultFileName = row.getString("result_file_name");
        job.webhookStatus = row.getString("webhook_status");
        job.webhookAttempts = row.getInteger("webhook_attempts");
        job.webhookLastAttemptAt = instant(row, "webhook_last_attempt_at");
        job.webhookLastResponseStatus = row.getInteger("webhook_last_response_status");
        job.version = row.getInteger("version");
        return job;
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
