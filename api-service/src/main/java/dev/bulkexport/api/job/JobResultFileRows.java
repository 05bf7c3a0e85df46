package dev.bulkexport.api.job;

import dev.bulkexport.common.events.JobCompleted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** {@code api.job_result_files}: the files of a succeeded job's result, written once with its outcome. */
@ApplicationScoped
class JobResultFileRows {
    private static final String INSERT = "INSERT INTO api.job_result_files (job_id, file_index, file_name, object_key,"
            + " row_count, file_size_bytes, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    private static final String OF_JOB = "SELECT file_index, object_key, file_name, row_count, file_size_bytes, sha256"
            + " FROM api.job_result_files WHERE job_id = $1 ORDER BY file_index";

    private final Pool pool;

    JobResultFileRows(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(SqlClient sql, UUID jobId, List<JobCompleted.File> files) {
        if (files.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery(INSERT).executeBatch(files.stream().map(file -> Tuple.from(Arrays.asList(jobId,
                file.index(), file.fileName(), file.objectKey(), file.rowCount(), file.fileSizeBytes(),
                file.sha256()))).toList()).replaceWithVoid();
    }

    /** The job's files in order; empty for a job that succeeded before files were stored (its one file is on it). */
    Uni<List<JobCompleted.File>> of(UUID jobId) {
        return pool.preparedQuery(OF_JOB).execute(Tuple.of(jobId)).map(rows -> {
            List<JobCompleted.File> files = new ArrayList<>();
            for (Row row : rows) {
                files.add(new JobCompleted.File(row.getInteger(0), row.getString(1), row.getString(2), row.getLong(3),
                        row.getLong(4), row.getString(5)));
            }
            return files;
        });
    }
}
