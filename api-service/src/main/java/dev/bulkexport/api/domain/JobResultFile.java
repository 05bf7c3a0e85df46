package dev.bulkexport.api.domain;

import dev.bulkexport.common.events.JobCompleted;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** One file of a succeeded job's result, written once with the job's outcome ({@link Job#complete}). */
@Entity
@Table(name = "job_result_files", schema = "api")
@IdClass(JobResultFile.Key.class)
public class JobResultFile extends PanacheEntityBase {
    @Id
    public UUID jobId;
    @Id
    public int fileIndex;
    public String fileName;
    public String objectKey;
    public long rowCount;
    public long fileSizeBytes;
    public String sha256;

    /** The primary key: a job's file by its place. */
    public record Key(UUID jobId, int fileIndex) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    static JobResultFile of(UUID jobId, JobCompleted.File file) {
        JobResultFile row = new JobResultFile();
        row.jobId = jobId;
        row.fileIndex = file.index();
        row.fileName = file.fileName();
        row.objectKey = file.objectKey();
        row.rowCount = file.rowCount();
        row.fileSizeBytes = file.fileSizeBytes();
        row.sha256 = file.sha256();
        return row;
    }
}
