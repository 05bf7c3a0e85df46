package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.StoredFile;

import dev.bulkexport.common.events.JobCompleted;
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
public class JobResultFile extends StoredFile {
    @Id
    public UUID jobId;
    @Id
    public int fileIndex;

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
        row.describe(file);
        return row;
    }
}
