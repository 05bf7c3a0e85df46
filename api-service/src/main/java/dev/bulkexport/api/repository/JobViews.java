package dev.bulkexport.api.repository;

import dev.bulkexport.api.domain.Job;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Jobs read for answering only (GET of a job, its download link): one statement on the reactive SQL client,
 * without a Hibernate session, which cost more than the query itself. The jobs it gives are detached copies:
 * never persist or change them; every write goes through {@link JobRepository}.
 */
@ApplicationScoped
public class JobViews {
    private static final String FIND_OWNED = "SELECT id, account_id, report_type, output_format, property_ids,"
            + " start_date, end_date, status, callback_url, error_message, created_at, updated_at, started_at,"
            + " completed_at, rows_written, properties_done, properties_total, result_row_count,"
            + " result_file_size_bytes, result_sha256, result_object_key, result_file_name, webhook_status,"
            + " webhook_attempts, webhook_last_attempt_at, webhook_last_response_status, version"
            + " FROM api.jobs WHERE id = $1 AND account_id = $2";

    private final Pool pool;

    public JobViews(Pool pool) {
        this.pool = pool;
    }

    /** The job if it belongs to the account; null otherwise, so that other accounts' jobs do not exist. */
    public Uni<Job> findOwned(UUID accountId, UUID jobId) {
        return pool.preparedQuery(FIND_OWNED).execute(Tuple.of(jobId, accountId))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
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

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
