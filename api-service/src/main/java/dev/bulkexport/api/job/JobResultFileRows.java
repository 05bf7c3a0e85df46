package dev.bulkexport.api.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the files of a job's result on the reactive SQL client (the manifest), in order. They are written
 * with the job's outcome, through the {@link dev.bulkexport.api.job.JobResultFile} entity.
 */
@ApplicationScoped
public class JobResultFileRows {
    private static final String FIND = "SELECT file_index, file_name, object_key, row_count, file_size_bytes, sha256"
            + " FROM api.job_result_files WHERE job_id = $1 ORDER BY file_index";

    /** One stored file, in the column order of the read. */
    public record StoredFile(int index, String fileName, String objectKey, long rowCount, long fileSizeBytes,
            String sha256) {
    }

    private final Pool pool;

    public JobResultFileRows(Pool pool) {
        this.pool = pool;
    }

    /** The job's files; empty for a job that succeeded before files were stored (its one file is on the job). */
    public Uni<List<StoredFile>> of(UUID jobId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(jobId)).map(rows -> {
            List<StoredFile> files = new ArrayList<>();
            for (Row row : rows) {
                files.add(new StoredFile(row.getInteger(0), row.getString(1), row.getString(2), row.getLong(3),
                        row.getLong(4), row.getString(5)));
            }
            return files;
        });
    }
}
