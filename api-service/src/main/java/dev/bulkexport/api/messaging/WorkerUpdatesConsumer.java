package dev.bulkexport.api.messaging;

import dev.bulkexport.api.service.JobService;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/** Applies JobStarted, JobProgressed and JobCompleted from the workers to the job records. */
@ApplicationScoped
public class WorkerUpdatesConsumer {
    private final JobService jobs;
    private final OutboxRelay outboxRelay;

    public WorkerUpdatesConsumer(JobService jobs, OutboxRelay outboxRelay) {
        this.jobs = jobs;
        this.outboxRelay = outboxRelay;
    }

    @Incoming("worker-updates")
    public Uni<Void> onWorkerUpdate(String payload) {
        JobEvent event = EventCodec.decode(payload);
        MDC.put("job_id", event.jobId().toString());
        // Only an outcome writes outbox events: starts and progress need no relay round.
        return jobs.applyWorkerUpdate(event)
                .invoke(published -> {
                    if (published) {
                        outboxRelay.wakeUp();
                    }
                })
                .replaceWithVoid();
    }
}
