package dev.bulkexport.api.platform;

import dev.bulkexport.common.events.JobCompleted;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.MappedSuperclass;

/** The columns of one written export file, shared by a job's result files and a shard's checkpointed files. */
@MappedSuperclass
public abstract class StoredFile extends PanacheEntityBase {
    public String fileName;
    public String objectKey;
    public long rowCount;
    public long fileSizeBytes;
    public String sha256;

    /** Copies the worker's description of the file. */
    protected void describe(JobCompleted.File file) {
        fileName = file.fileName();
        objectKey = file.objectKey();
        rowCount = file.rowCount();
        fileSizeBytes = file.fileSizeBytes();
        sha256 = file.sha256();
    }

    /** This file as the {@code index}th of a job's result. */
    public JobCompleted.File asJobFile(int index) {
        return new JobCompleted.File(index, objectKey, fileName, rowCount, fileSizeBytes, sha256);
    }
}
