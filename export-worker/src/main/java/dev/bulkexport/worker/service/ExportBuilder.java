package dev.bulkexport.worker.service;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobSubmitted;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.worker.format.CopyCsvWriter;
import dev.bulkexport.worker.format.ReportFileWriter;
import dev.bulkexport.worker.format.ReportFileWriters;
import dev.bulkexport.worker.messaging.WorkerUpdatePublisher;
import dev.bulkexport.worker.report.ReportDefinition;
import dev.bulkexport.worker.report.ReportReader;
import dev.bulkexport.worker.report.Reports;
import dev.bulkexport.worker.storage.HashingOutputStream;
import dev.bulkexport.worker.storage.S3MultipartOutputStream;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds one job's file straight into an S3 multipart upload, in one attempt: the upload is completed, or
 * aborted when anything goes wrong (the exception then says why).
 */
@ApplicationScoped
public class ExportBuilder {
    private static final Logger LOG = Logger.getLogger(ExportBuilder.class);

    private final ReportReader reader;
    private final S3Client s3;
    private final WorkerUpdatePublisher updates;
    private final WorkerConfig config;
    private final Cancellations cancellations;
    private final RunningExports running;

    public ExportBuilder(ReportReader reader, S3Client s3, WorkerUpdatePublisher updates, WorkerConfig config,
            Cancellations cancellations, RunningExports running) {
        this.reader = reader;
        this.s3 = s3;
        this.updates = updates;
        this.config = config;
        this.cancellations = cancellations;
        this.running = running;
    }

    /** Returns the succeeded outcome once the object is complete in S3. */
    JobCompleted build(JobSubmitted job) throws Exception {
        ReportDefinition report = Reports.forType(job.reportType());
        ExportFile file = ExportFile.of(job);
        S3MultipartOutputStream upload = S3MultipartOutputStream.open(s3, config.bucket(), file.objectKey(),
                job.outputFormat().contentType(), file.fileName(), config.partSizeMib() * 1024 * 1024);
        try {
            HashingOutputStream hashed = new HashingOutputStream(upload);
            Progress progress = new Progress(job);
            long rows;
            if (job.outputFormat() == OutputFormat.CSV && config.csvFromCopy() && ReportReader.copyMatchesCsv(report)) {
                // PostgreSQL formats the CSV: decoding each value in Java to print it again was most of the time.
                CopyCsvWriter writer = new CopyCsvWriter(hashed, report.columns());
                rows = reader.copyCsv(report, job.propertyIds(), job.startDate(), job.endDate(),
                        (record, length) -> progress.onRow(writer.writeRecord(record, length)));
                writer.finish();
            } else {
                ReportFileWriter writer = ReportFileWriters.open(job.outputFormat(), hashed, report.columns(),
                        config.parquetRowGroupMib() * 1024L * 1024L);
                rows = reader.read(report, job.propertyIds(), job.startDate(), job.endDate(), row -> {
                    writer.writeRow(row);
                    progress.onRow(row[0]);
                });
                writer.finish();
            }
            hashed.flush();
            upload.close();
            return JobCompleted.succeeded(job.jobId(), job.accountId(), rows, hashed.count(), hashed.sha256Hex(),
                    file.objectKey(), file.fileName());
        } catch (Exception | Error e) {
            abort(job, upload, e);
            throw e;
        }
    }

    /**
     * Aborts the upload without hiding why it failed. A stop interrupts the export's thread, and the S3 client
     * refuses to start a request on an interrupted thread, so the abort runs with the flag cleared. When S3 is
     * unreachable the abort fails too: the bucket's lifecycle rule removes the stale upload.
     */
    private static void abort(JobSubmitted job, S3MultipartOutputStream upload, Throwable failure) {
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

    /**
     * Reports progress at most once per interval, counting properties by the first column; stops the export
     * when the job is cancelled or the worker stops, and paces it when a rows-per-second cap is set.
     */
    private final class Progress {
        private static final int CHECK_EVERY_ROWS = 500;
        private final JobSubmitted job;
        private final long intervalNanos = config.progressInterval().toNanos();
        private final long started = System.nanoTime();
        private long rows;
        private int propertiesDone;
        private Object lastProperty;
        private long lastReport = System.nanoTime();

        Progress(JobSubmitted job) {
            this.job = job;
        }

        void onRow(Object property) {
            rows++;
            if (rows % CHECK_EVERY_ROWS == 0) {
                running.throwIfStopping();
                if (cancellations.isCancelled(job.jobId())) {
                    throw new Cancellations.JobCancelledException();
                }
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
                        job.propertyIds().size()));
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
