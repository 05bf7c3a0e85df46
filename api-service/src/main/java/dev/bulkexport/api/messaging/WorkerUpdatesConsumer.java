package dev.bulkexport.api.messaging;

import dev.bulkexport.api.service.JobService;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies JobStarted, JobProgressed and JobCompleted from the workers to the job records. A malformed record
 * goes to the dead-letter topic; a good one is retried while the database is unreachable, never parked.
 */
@ApplicationScoped
public class WorkerUpdatesConsumer {
    private static final Logger LOG = Logger.getLogger(WorkerUpdatesConsumer.class);
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
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("job %s: cannot apply %s, retrying: %s", event.jobId(),
                        event.type(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(15)).indefinitely();
    }
}
