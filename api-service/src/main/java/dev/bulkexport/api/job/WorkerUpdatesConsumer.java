package dev.bulkexport.api.job;

import dev.bulkexport.api.shard.ShardDispatcher;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.messaging.ConsumerRetries;
import dev.bulkexport.messaging.OutboxRelay;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Applies JobStarted, JobProgressed, JobCompleted and ShardCompleted from the workers to the job records. A good record is
 * retried while the database is unavailable; a malformed one, or one that fails otherwise, goes to the
 * dead-letter topic ({@link ConsumerRetries}).
 */
@ApplicationScoped
public class WorkerUpdatesConsumer {
    private final JobUpdateService jobs;
    private final OutboxRelay outboxRelay;
    private final ShardDispatcher dispatcher;

    WorkerUpdatesConsumer(JobUpdateService jobs, OutboxRelay outboxRelay, ShardDispatcher dispatcher) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.outboxRelay = outboxRelay;
    }

    @Incoming("worker-updates")
    public Uni<Void> onWorkerUpdate(String payload) {
        JobEvent event = EventCodec.decode(payload);
        MDC.put("job_id", event.jobId().toString());
        return ConsumerRetries.retryWhileDatabaseUnavailable(() -> jobs.applyWorkerUpdate(event),
                        "job " + event.jobId() + ": applying " + event.type())
                // Only an outcome writes outbox events or frees a running slot: starts and progress need no round.
                .invoke(published -> {
                    if (published) {
                        outboxRelay.wakeUp();
                        dispatcher.wakeUp();
                    }
                })
                .replaceWithVoid();
    }
}
