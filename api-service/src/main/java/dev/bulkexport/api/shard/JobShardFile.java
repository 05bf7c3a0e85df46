package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.StoredFile;

import dev.bulkexport.common.events.JobCompleted;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** One file of a finished shard (its checkpoint), numbered from 1 within the shard; written once. */
@Entity
@Table(name = "job_shard_files", schema = "api")
@IdClass(JobShardFile.Key.class)
public class JobShardFile extends StoredFile {
    @Id
    public UUID jobId;
    @Id
    public int shardIndex;
    @Id
    public int fileIndex;

    /** The primary key: a shard's file by its place. */
    public record Key(UUID jobId, int shardIndex, int fileIndex) implements Serializable {
        public Key() {
            this(null, 0, 0);
        }
    }

    public static JobShardFile of(UUID jobId, int shardIndex, JobCompleted.File file) {
        JobShardFile row = new JobShardFile();
        row.jobId = jobId;
        row.shardIndex = shardIndex;
        row.fileIndex = file.index();
        row.describe(file);
        return row;
    }

}
