package dev.bulkexport.common.events;

import dev.bulkexport.common.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A worker finished a job: {@code outcome} is terminal. The result members are set when it succeeded,
 * {@code errorMessage} when it failed. {@code files} lists every file of the result in order; {@code rowCount}
 * and {@code fileSizeBytes} are their totals. The object named by {@code objectKey}, {@code fileName} and
 * {@code sha256} is what the job's download gives: the one file, or the manifest object of a job of several
 * files. {@code files} is null in events published before it existed (one file, the object named).
 */
public record JobCompleted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        JobStatus outcome, Long rowCount, Long fileSizeBytes, String sha256, String objectKey, String fileName,
        String errorMessage, List<File> files, IcebergCommit iceberg) implements JobEvent {

    /** One file of a result: its place (from 1), where it is and what it holds. */
    public record File(int index, String objectKey, String fileName, long rowCount, long fileSizeBytes,
            String sha256) {
    }

    /**
     * The snapshot an Iceberg sync committed: the table ({@code namespace.table}), the metadata file an engine opens
     * it from, and the snapshot's id.
     */
    public record IcebergCommit(String table, String metadataLocation, long snapshotId) {
    }

    /** This outcome with the Iceberg snapshot its job committed. */
    public JobCompleted withIceberg(IcebergCommit commit) {
        return new JobCompleted(eventId, occurredAt, schemaVersion, jobId, accountId, outcome, rowCount, fileSizeBytes,
                sha256, objectKey, fileName, errorMessage, files, commit);
    }

    /** A result of one file. */
    public static JobCompleted succeeded(UUID jobId, UUID accountId, long rowCount, long fileSizeBytes,
            String sha256, String objectKey, String fileName) {
        return succeeded(jobId, accountId, List.of(new File(1, objectKey, fileName, rowCount, fileSizeBytes, sha256)),
                null);
    }

    /**
     * A result of the files given; {@code manifest} is the stored manifest object, which the download gives
     * when there are several files (its row count and size are unused).
     */
    public static JobCompleted succeeded(UUID jobId, UUID accountId, List<File> files, File manifest) {
        File download = files.size() == 1 ? files.get(0) : manifest;
        long rows = files.stream().mapToLong(File::rowCount).sum();
        long bytes = files.stream().mapToLong(File::fileSizeBytes).sum();
        return new JobCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, JobStatus.SUCCEEDED, rows,
                bytes, download.sha256(), download.objectKey(), download.fileName(), null, List.copyOf(files), null);
    }

    public static JobCompleted cancelled(UUID jobId, UUID accountId) {
        return new JobCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, JobStatus.CANCELLED, null, null,
                null, null, null, null, null, null);
    }

    public static JobCompleted failed(UUID jobId, UUID accountId, String errorMessage) {
        return new JobCompleted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, JobStatus.FAILED, null, null,
                null, null, null, errorMessage, null, null);
    }

    /** The result's files; for an event without {@code files}, the one file it names. */
    public List<File> filesOrSingle() {
        if (files != null) {
            return files;
        }
        return objectKey == null ? List.of()
                : List.of(new File(1, objectKey, fileName, rowCount == null ? 0 : rowCount,
                        fileSizeBytes == null ? 0 : fileSizeBytes, sha256));
    }
}
