package dev.bulkexport.worker.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobSubmitted;
import dev.bulkexport.worker.service.ExportService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Runs each submitted job on the {@code export-jobs} worker pool (its size is how many jobs one worker runs
 * at once). The record's offset is committed only after the method returns, that is after JobCompleted was
 * acknowledged; a worker that dies mid-job leaves the job to be redelivered.
 */
@ApplicationScoped
public class JobSubmittedConsumer {
    private final ExportService exports;

    public JobSubmittedConsumer(ExportService exports) {
        this.exports = exports;
    }

    @Incoming("job-submitted")
    @Blocking(value = "export-jobs", ordered = false)
    public void onJobSubmitted(String payload) {
        if (EventCodec.decode(payload) instanceof JobSubmitted job) {
            MDC.put("job_id", job.jobId().toString());
            try {
                exports.run(job);
            } finally {
                MDC.remove("job_id");
            }
        }
    }
}
