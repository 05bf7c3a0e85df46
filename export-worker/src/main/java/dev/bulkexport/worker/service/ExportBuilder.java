package dev.bulkexport.worker.service;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.worker.format.CopyCsvWriter;
import dev.bulkexport.worker.format.CopyJsonlWriter;
import dev.bulkexport.worker.format.CopyRecordWriter;
import dev.bulkexport.worker.format.FormattedFile;
import dev.bulkexport.worker.format.ParquetReportWriter;
import dev.bulkexport.worker.format.ReportFileWriter;
import dev.bulkexport.worker.format.ReportFileWriters;
import dev.bulkexport.worker.iceberg.IcebergCommitter;
import dev.bulkexport.worker.iceberg.IcebergSchema;
import dev.bulkexport.worker.messaging.WorkerUpdatePublisher;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.worker.report.ReportReader;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.worker.storage.FileSizing;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import dev.bulkexport.worker.storage.ExportTargets;
import dev.bulkexport.worker.storage.ExportTargets.Target;

/**
 * Builds one job's files straight into S3 multipart uploads, in our bucket or in the job's destination
 * ({@link ExportTargets}: files, manifest and a shard's checkpoint all go where the job goes), in one attempt: the uploads are completed, or
 * aborted (and the files completed so far removed) when anything goes wrong (the exception then says why).
 */
@ApplicationScoped
public class ExportBuilder {
    private static final Logger LOG = Logger.getLogger(ExportBuilder.class);

    private final ReportReader reader;
    private final ExportTargets targets;
    private final WorkerUpdatePublisher updates;
    private final WorkerConfig config;
    private final Cancellations cancellations;
    private final RunningExports running;
    private final ShardDeadlines deadlines;
    private final IcebergCommitter iceberg;

    public ExportBuilder(ReportReader reader, ExportTargets targets, WorkerUpdatePublisher updates,
            WorkerConfig config, Cancellations cancellations, RunningExports running, ShardDeadlines deadlines,
            IcebergCommitter iceberg) {
        this.iceberg = iceberg;
        this.reader = reader;
        this.targets = targets;
        this.updates = updates;
        this.config = config;
        this.cancellations = cancellations;
        this.running = running;
        this.deadlines = deadlines;
    }

    /**
     * Returns the succeeded outcome once every file (and the manifest object listing them) is complete in S3.
     * The rows are the job's columns ({@code fields}) in every format; the files are split by size
     * ({@link ExportFiles}).
     */
    JobCompleted build(ShardSubmitted job) throws Exception {
        try (Target target = targets.of(job, deadlines.remaining(job))) {
            List<JobCompleted.File> files = buildFiles(target, job, null);
            JobCompleted succeeded;
            try {
                JobCompleted.File manifest = StoredManifest.put(target.s3(), target.bucket(), job, files);
                succeeded = JobCompleted.succeeded(job.jobId(), job.accountId(), files, manifest);
            } catch (RuntimeException e) {
                deleteQuietly(target, job, files);
                throw e;
            }
            return committed(target, job, succeeded);
        }
    }

    /**
     * Builds one shard of a fanned-out job into its own files and stores its checkpoint (the outcome returned)
     * once they are complete, so that a redelivery of the shard publishes it again instead of redoing it.
     */
    ShardCompleted buildShard(ShardSubmitted shard) throws Exception {
        ShardSubmitted job = shard;
        try (Target target = targets.of(job, deadlines.remaining(job))) {
            List<JobCompleted.File> files = buildFiles(target, job, shard.shardIndex());
            try {
                ShardCompleted outcome = ShardCompleted.succeeded(job.jobId(), job.accountId(), shard.shardIndex(),
                        files);
                ShardCheckpoint.put(target.s3(), target.bucket(), job, outcome);
                return outcome;
            } catch (RuntimeException e) {
                deleteQuietly(target, job, files);
                throw e;
            }
        }
    }

    /** The outcome of the shard when a worker completed it before (its checkpoint); null when none did. */
    ShardCompleted finishedBefore(ShardSubmitted shard) {
        try (Target target = targets.of(shard, deadlines.remaining(shard))) {
            return ShardCheckpoint.find(target.s3(), target.bucket(), shard, shard.shardIndex());
        }
    }

    /** The closing step of a fanned-out job: stores the manifest of all its shards' files; the job's outcome. */
    JobCompleted close(ShardSubmitted closing) {
        ShardSubmitted job = closing;
        try (Target target = targets.of(job, deadlines.remaining(job))) {
            JobCompleted.File manifest = StoredManifest.put(target.s3(), target.bucket(), job, closing.files());
            return committed(target, job,
                    JobCompleted.succeeded(job.jobId(), job.accountId(), closing.files(), manifest));
        }
    }

    /**
     * The outcome with the Iceberg snapshot of its files, once committed, for a job that syncs a table. A failed
     * commit leaves the files in place: the commit's state may be unknown, and a retry finds the snapshot by the
     * job's id or commits the same files again.
     */
    private JobCompleted committed(Target target, ShardSubmitted job, JobCompleted succeeded) {
        if (!job.spec().syncsIcebergTable()) {
            return succeeded;
        }
        return succeeded.withIceberg(iceberg.commit(job, target, succeeded.files()));
    }

    /** The job's (or with {@code shard}, that shard's) files, complete in S3. */
    private List<JobCompleted.File> buildFiles(Target target, ShardSubmitted job, Integer shard) throws Exception {
        ReportDefinition report = Reports.forType(job.spec().reportType());
        ColumnSelection selection = ColumnSelection.of(report, job.spec().fields());
        FileSizing sizing = FileSizing.of(job.spec().maxFileSizeMb() != null ? job.spec().maxFileSizeMb() : config.maxFileSizeMib(),
                config.partSizeMib(), config.maxPartSizeMib(), config.maxPartsPerFile());
        Progress progress = new Progress(job, shard);
        // An Iceberg table's data files (always Parquet) carry each column's field id.
        int[] fieldIds = job.spec().syncsIcebergTable() ? IcebergSchema.fieldIds(report, selection.columns()) : null;
        List<JobCompleted.File> files;
        if (fromCopy(job, report)) {
            // PostgreSQL formats the values: decoding each one in Java to print it again was most of the time.
            // Formula escaping looks at each text value, so a job that asks for it takes the writers below.
            boolean leadingKeyOnly = !selection.startsWithReportKey();
            ExportFiles<CopyRecordWriter> out = new ExportFiles<>(target.s3(), target.bucket(), job, shard, sizing,
                    stream -> job.spec().outputFormat() == OutputFormat.CSV
                            ? new CopyCsvWriter(stream, selection.columns(), leadingKeyOnly)
                            : new CopyJsonlWriter(stream, selection.columns(), leadingKeyOnly));
            files = writeAll(job, out, () -> reader.copyCsv(report, selection, job.spec().propertyIds(), job.spec().startDate(),
                    job.spec().endDate(), (record, length) -> progress.onRow(out.beforeRow().writeRecord(record, length))));
        } else if (job.spec().outputFormat() == OutputFormat.PARQUET && config.fromCopy()) {
            // Binary COPY: values go from the database's bytes into the column writers, no object per value.
            int first = selection.startsWithReportKey() ? 0 : 1;
            long rowGroupBytes = parquetRowGroupBytes(sizing);
            ExportFiles<ParquetReportWriter> out = new ExportFiles<>(target.s3(), target.bucket(), job, shard, sizing,
                    stream -> new ParquetReportWriter(stream, selection.columns(), fieldIds, rowGroupBytes));
            files = writeAll(job, out, () -> reader.copyBinary(report, selection, job.spec().propertyIds(),
                    job.spec().startDate(), job.spec().endDate(), row -> {
                        out.beforeRow().writeRow(row, first);
                        progress.onRow(row.int4(0));
                    }));
        } else {
            long rowGroupBytes = parquetRowGroupBytes(sizing);
            ExportFiles<ReportFileWriter> out = new ExportFiles<>(target.s3(), target.bucket(), job, shard, sizing,
                    stream -> fieldIds != null ? new ParquetReportWriter(stream, selection.columns(), fieldIds, rowGroupBytes)
                            : ReportFileWriters.open(job.spec().outputFormat(), stream, selection.columns(), rowGroupBytes,
                                    job.spec().escapesCsvFormulas()));
            boolean project = !selection.isWholeReport(report);
            Object[] projected = new Object[selection.columns().size()];
            files = writeAll(job, out, () -> reader.read(report, job.spec().propertyIds(), job.spec().startDate(), job.spec().endDate(),
                    row -> {
                        out.beforeRow().writeRow(project ? selection.project(row, projected) : row);
                        progress.onRow(row[0]);
                    }));
        }
        return files;
    }

    /** A Parquet row group is flushed well before a small file limit, so files end close to it. */
    private long parquetRowGroupBytes(FileSizing sizing) {
        return Math.min(config.parquetRowGroupMib() * 1024L * 1024L, sizing.limitBytes() / 4);
    }

    /** Whether the job's file is written from PostgreSQL's COPY: CSV and JSONL of reports it prints as Java does. */
    private boolean fromCopy(ShardSubmitted job, ReportDefinition report) {
        OutputFormat format = job.spec().outputFormat();
        return config.fromCopy() && ReportReader.copyPrintsAsJava(report)
                && (format == OutputFormat.JSONL || format == OutputFormat.CSV && !job.spec().escapesCsvFormulas());
    }

    /** Reads every row into the files and ends the last one; on any failure aborts the upload and removes the files. */
    private <W extends FormattedFile> List<JobCompleted.File> writeAll(ShardSubmitted job,
            ExportFiles<W> out, RowSource rows) throws Exception {
        try {
            rows.readAll();
            return out.finish();
        } catch (Exception | Error e) {
            abort(job, out, e);
            throw e;
        }
    }

    /** Feeds every row of the job to the files. */
    @FunctionalInterface
    private interface RowSource {
        long readAll() throws Exception;
    }

    /**
     * Aborts the upload without hiding why it failed. A stop interrupts the export's thread, and the S3 client
     * refuses to start a request on an interrupted thread, so the abort runs with the flag cleared. When S3 is
     * unreachable the abort fails too: the bucket's lifecycle rule removes the stale upload (and the retention
     * rule any file completed before it).
     */
    private static void abort(ShardSubmitted job, ExportFiles<?> upload, Throwable failure) {
        boolean interrupted = Thread.interrupted();
        try {
            upload.abort();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warnf("job %s: could not abort its multipart upload (%s); the bucket's lifecycle rule removes it",
                    job.jobId(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteQuietly(Target target, ShardSubmitted job, List<JobCompleted.File> files) {
        try {
            files.forEach(file -> target.s3().deleteObject(delete -> delete.bucket(target.bucket())
                    .key(file.objectKey())));
        } catch (RuntimeException e) {
            LOG.warnf("job %s: could not delete its files (%s); the bucket's retention rule removes them",
                    job.jobId(), e.toString());
        }
    }

    /**
     * Reports progress at most once per interval, counting properties by the first column; stops the export
     * when the job is cancelled or the worker stops, and paces it when a rows-per-second cap is set.
     */
    private final class Progress {
        private static final int CHECK_EVERY_ROWS = 500;
        private final ShardSubmitted job;
        private final Integer shard;
        private final long intervalNanos = config.progressInterval().toNanos();
        private final long started = System.nanoTime();
        private long rows;
        private int propertiesDone;
        private Object lastProperty;
        private long lastReport = System.nanoTime();

        Progress(ShardSubmitted job, Integer shard) {
            this.job = job;
            this.shard = shard;
        }

        void onRow(Object property) {
            rows++;
            if (rows % CHECK_EVERY_ROWS == 0) {
                running.throwIfStopping();
                if (cancellations.isCancelled(job.jobId())) {
                    throw new Cancellations.JobCancelledException();
                }
                deadlines.throwIfPassed(job);
                pace();
            }
            if (!property.equals(lastProperty)) {
                propertiesDone += lastProperty == null ? 0 : 1;
                lastProperty = property;
            }
            long now = System.nanoTime();
            if (now - lastReport >= intervalNanos) {
                lastReport = now;
                report();
            }
        }

        /** Progress is advisory (the next report supersedes it): Kafka being away must not fail the export. */
        private void report() {
            try {
                updates.publishWithoutWaiting(JobProgressed.of(job.jobId(), job.accountId(), rows, propertiesDone,
                        job.spec().propertyIds().size(), shard));
            } catch (RuntimeException e) {
                LOG.debugf("job %s: progress not sent (%s)", job.jobId(), e);
            }
        }

        private void pace() {
            if (config.maxRowsPerSecond() <= 0) {
                return;
            }
            long dueNanos = rows * 1_000_000_000L / config.maxRowsPerSecond() - (System.nanoTime() - started);
            if (dueNanos > 0) {
                LockSupport.parkNanos(dueNanos);
            }
        }
    }
}
