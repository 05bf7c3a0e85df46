package dev.bulkexport.worker.service;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.worker.format.Compressors;
import dev.bulkexport.worker.format.FormattedFile;
import dev.bulkexport.worker.storage.FileSizing;
import dev.bulkexport.worker.storage.S3MultipartOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The files of one job, written one after the other, each into its own multipart upload: before a row, the
 * file is ended when it could pass its size limit (and so its upload's part count) with that row, and the next one
 * starts, so each file is complete and valid on its own (its header, its compressed stream's end, its Parquet
 * footer) and a row is never cut across two files. One file is in memory at a time.
 *
 * @param <W> the format writer of the files
 */
final class ExportFiles<W extends FormattedFile> {
    /** Room for the row about to be written, which the size check cannot know in advance. */
    private static final long ROW_ALLOWANCE = 64 * 1024;
    /**
     * At most this many rows between two measurements of the file's size: Parquet's measure walks every column
     * writer (12% of a Parquet export's time when taken before every row, bench/results/profiles.md).
     */
    private static final long MAX_ROWS_UNMEASURED = 128;

    /** Opens the format writer of a new file on its (compressed) stream. */
    @FunctionalInterface
    interface Opener<W> {
        W open(OutputStream out) throws IOException;
    }

    private final S3Client s3;
    private final String bucket;
    private final ShardSubmitted job;
    /** The shard whose files these are; null for a job of one shard. */
    private final Integer shard;
    private final Compression compression;
    private final FileSizing sizing;
    private final Opener<W> opener;
    private final List<JobCompleted.File> done = new ArrayList<>();
    private S3MultipartOutputStream upload;
    private OutputStream out;
    private W writer;
    private long rows;
    /** Rows that can come before the size must be measured again: each adds at most ROW_ALLOWANCE. */
    private long rowsBeforeMeasure;

    ExportFiles(S3Client s3, String bucket, ShardSubmitted job, Integer shard, FileSizing sizing, Opener<W> opener)
            throws IOException {
        this.s3 = s3;
        this.bucket = bucket;
        this.job = job;
        this.shard = shard;
        this.compression = ExportFile.compression(job);
        this.sizing = sizing;
        this.opener = opener;
        open();
    }

    /** The writer to write the next row with, in a new file when the current one is full. */
    W beforeRow() throws IOException {
        if (rows > 0 && full()) {
            done.add(finishCurrent());
            open();
        }
        rows++;
        return writer;
    }

    /** Ends the last file and returns every file, in order. */
    List<JobCompleted.File> finish() throws IOException {
        done.add(finishCurrent());
        return List.copyOf(done);
    }

    /**
     * Aborts the open upload and deletes the files this attempt completed: a cancelled or failed job leaves
     * nothing behind (a retry writes them again under the same keys).
     */
    void abort() {
        try {
            upload.abort();
        } finally {
            for (JobCompleted.File file : done) {
                s3.deleteObject(delete -> delete.bucket(bucket).key(file.objectKey()));
            }
        }
    }

    private boolean full() {
        if (rowsBeforeMeasure > 0) {
            rowsBeforeMeasure--;
            return false;
        }
        long upperBound = upload.count() + writer.heldBytes() + Compressors.heldBytes(compression) + ROW_ALLOWANCE;
        // The limit is at most maxParts parts (FileSizing), so a file within it stays within S3's part count.
        long room = sizing.limitBytes() - upperBound;
        if (room <= 0) {
            return true;
        }
        // Each row written adds at most ROW_ALLOWANCE to the bound, so the next rows that fit in the room
        // cannot reach the limit: they need no measure (near the limit every row is measured again).
        rowsBeforeMeasure = Math.min(MAX_ROWS_UNMEASURED, (room - 1) / ROW_ALLOWANCE);
        return false;
    }

    private void open() throws IOException {
        ExportFile file = ExportFile.of(job, shard, done.size() + 1);
        String contentType = compression == Compression.NONE ? job.spec().outputFormat().contentType()
                : compression == Compression.GZIP ? "application/gzip" : "application/zstd";
        upload = S3MultipartOutputStream.open(s3, bucket, file.objectKey(), contentType, file.fileName(),
                sizing.partSize());
        out = Compressors.open(compression, upload);
        writer = opener.open(out);
        rows = 0;
        rowsBeforeMeasure = 0;
    }

    /** Ends the format, then the compressed stream, then completes the upload (closing each in turn). */
    private JobCompleted.File finishCurrent() throws IOException {
        writer.finish();
        out.close();
        upload.close();
        ExportFile file = ExportFile.of(job, shard, done.size() + 1);
        return new JobCompleted.File(done.size() + 1, file.objectKey(), file.fileName(), rows, upload.count(),
                upload.sha256Hex());
    }
}
