package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** How long exports take and how many rows and bytes they write, by report type, format and outcome. */
@ApplicationScoped
public class ExportMetrics {
    private final MeterRegistry registry;

    public ExportMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One more attempt after a transient failure (S3 or PostgreSQL unavailable). */
    void retried(ShardSubmitted job) {
        registry.counter("bulk_export.export.retries", "report_type", job.spec().reportType().wireName(),
                "output_format", job.spec().outputFormat().wireName()).increment();
    }

    void finished(ShardSubmitted job, JobCompleted outcome, Duration took) {
        String report = job.spec().reportType().wireName();
        String format = job.spec().outputFormat().wireName();
        Timer.builder("bulk_export.export.duration")
                .description("Time to build and upload one export file")
                .tags("report_type", report, "output_format", format, "outcome", outcome.outcome().wireName())
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
        if (outcome.rowCount() != null) {
            registry.counter("bulk_export.export.rows", "report_type", report, "output_format", format)
                    .increment(outcome.rowCount());
            registry.counter("bulk_export.export.bytes", "report_type", report, "output_format", format)
                    .increment(outcome.fileSizeBytes());
        }
    }
}
