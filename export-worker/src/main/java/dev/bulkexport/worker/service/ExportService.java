package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.JobSubmitted;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.common.OutputFormat;
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
import java.lang.management.ManagementFactory;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds one job's file straight into S3 and reports the outcome. */
@ApplicationScoped
public class ExportService {
    private static final Logger LOG = Logger.getLogger(ExportService.class);
    private static final String WORKER_ID = ManagementFactory.getRuntimeMXBean().getName();

    private final ReportReader reader;
    private final S3Client s3;
    private final WorkerUpdatePublisher updates;
    private final WorkerConfig config;
    private final Cancellations cancellations;
    private final ExportMetrics metrics;

    public ExportService(ReportReader reader, S3Client s3, WorkerUpdatePublisher updates, WorkerConfig config,
            Cancellations cancellations, ExportMetrics metrics) {
        this.metrics = metrics;
        this.cancellations = cancellations;
        this.reader = reader;
        this.s3 = s3;
        this.updates = updates;
        this.config = config;
    }

    public void run(JobSubmitted job) {
        if (cancellations.isCancelled(job.jobId())) {
            LOG.infof("job %s was cancelled before it started: skipped", job.jobId());
            return;
        }
        updates.publish(JobStarted.of(job.jobId(), job.accountId(), WORKER_ID));
        LOG.infof("job %s started", job.jobId());
        ExportFile file = ExportFile.of(job);
        long started = System.nanoTime();
        JobCompleted outcome;
        try {
            outcome = export(job, Reports.forType(job.reportType()), file);
        } catch (Cancellations.JobCancelledException e) {
            outcome = JobCompleted.cancelled(job.jobId(), job.accountId());
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed", job.jobId());
            outcome = JobCompleted.failed(job.jobId(), job.accountId(), "The export could not be built");
        }
        updates.publish(outcome);
        metrics.finished(job, outcome, java.time.Duration.ofNanos(System.nanoTime() - started));
        LOG.infof("job %s %s, %s rows", job.jobId(), outcome.outcome().wireName(), outcome.rowCount());
    }

    private JobCompleted export(JobSubmitted job, ReportDefinition report, ExportFile file) throws Exception {
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
            upload.abort();
            throw e;
        }
    }

    /**
     * Reports progress at most once per interval, counting properties by the first column; stops the export
     * when the job is cancelled, and paces it when a rows-per-second cap is set.
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
                updates.publishWithoutWaiting(JobProgressed.of(job.jobId(), job.accountId(), rows, propertiesDone,
                        job.propertyIds().size()));
            }
        }

        private void pace() {
            if (config.maxRowsPerSecond() <= 0) {
                return;
            }
            long dueNanos = rows * 1_000_000_000L / config.maxRowsPerSecond() - (System.nanoTime() - started);
            if (dueNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(dueNanos);
            }
        }
    }
}
