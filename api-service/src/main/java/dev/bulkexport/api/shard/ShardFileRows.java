package dev.bulkexport.api.shard;

import dev.bulkexport.common.events.JobCompleted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** {@code api.job_shard_files}: the files of a finished shard (its checkpoint), numbered from 1 within it. */
@ApplicationScoped
class ShardFileRows {
    private static final String INSERT = "INSERT INTO api.job_shard_files (job_id, shard_index, file_index, file_name,"
            + " object_key, row_count, file_size_bytes, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    private static final String OF_JOB = "SELECT file_name, object_key, row_count, file_size_bytes, sha256"
            + " FROM api.job_shard_files WHERE job_id = $1 ORDER BY shard_index, file_index";

    Uni<Void> insert(SqlClient sql, UUID jobId, int shardIndex, List<JobCompleted.File> files) {
        if (files.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery(INSERT).executeBatch(files.stream().map(file -> Tuple.from(Arrays.asList(jobId, shardIndex,
                file.index(), file.fileName(), file.objectKey(), file.rowCount(), file.fileSizeBytes(),
                file.sha256()))).toList()).replaceWithVoid();
    }

    /** Every shard's files in order (shard, then file), numbered from 1 as the job's files. */
    Uni<List<JobCompleted.File>> jobFiles(SqlClient sql, UUID jobId) {
        return sql.preparedQuery(OF_JOB).execute(Tuple.of(jobId)).map(rows -> {
            List<JobCompleted.File> files = new ArrayList<>();
            for (Row row : rows) {
                files.add(new JobCompleted.File(files.size() + 1, row.getString(1), row.getString(0), row.getLong(2),
                        row.getLong(3), row.getString(4)));
            }
            return files;
        });
    }
}
