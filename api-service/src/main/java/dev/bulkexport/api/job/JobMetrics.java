package dev.bulkexport.api.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Jobs created and ended, by report type, format and status, and how long jobs wait for a worker. */
@ApplicationScoped
class JobMetrics {
    private final MeterRegistry registry;

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void created(Job job) {
        registry.counter("bulk_export.jobs.created", "report_type", job.spec().reportType().wireName(),
                "output_format", job.spec().outputFormat().wireName()).increment();
    }

    void ended(Job job) {
        registry.counter("bulk_export.jobs.terminal", "status", job.status().wireName(),
                "report_type", job.spec().reportType().wireName(), "output_format",
                job.spec().outputFormat().wireName()).increment();
    }

    /** Time from submission to the first worker start. */
    void started(Job job) {
        Timer.builder("bulk_export.jobs.queue.wait")
                .description("Time from submission until a worker starts the job")
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.between(job.createdAt(), job.run().startedAt()));
    }
}
