package dev.bulkexport.notifier.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import dev.bulkexport.messaging.ConsumerRetries;
import dev.bulkexport.notifier.service.DeliveryRecorder;
import dev.bulkexport.notifier.service.WebhookDispatcher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Reads the internal status topic (outcomes with a callback URL become deliveries) and redelivery requests. The record is acknowledged
 * only once its delivery is stored: while the database is unavailable the consumer retries; a malformed
 * record, or one that fails otherwise, goes to the dead-letter topic ({@link ConsumerRetries}).
 */
@ApplicationScoped
public class JobStatusConsumer {
    private final DeliveryRecorder deliveries;
    private final WebhookDispatcher dispatcher;

    public JobStatusConsumer(DeliveryRecorder deliveries, WebhookDispatcher dispatcher) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    @Incoming("job-status")
    public Uni<Void> onJobStatus(String payload) {
        JobEvent event = EventCodec.decode(payload);
        if (!(event instanceof JobStatusChanged changed)) {
            return Uni.createFrom().voidItem();
        }
        MDC.put("job_id", changed.jobId().toString());
        return ConsumerRetries.retryWhileDatabaseUnavailable(() -> deliveries.onStatusChanged(changed),
                        "job " + changed.jobId() + ": recording its webhook delivery")
                // An outcome's webhook goes out now, not at the dispatcher's next poll.
                .invoke(() -> {
                    if (changed.status().isTerminal()) {
                        dispatcher.wakeUp();
                    }
                });
    }

    /** Redelivery requests from the api-service outbox; acknowledged once the schedule is restarted. */
    @Incoming("webhook-redelivery")
    public Uni<Void> onRedeliveryRequested(String payload) {
        if (!(EventCodec.decode(payload) instanceof WebhookRedeliveryRequested request)) {
            return Uni.createFrom().voidItem();
        }
        MDC.put("job_id", request.jobId().toString());
        return ConsumerRetries.retryWhileDatabaseUnavailable(() -> deliveries.redeliver(request),
                "job " + request.jobId() + ": restarting its webhook delivery");
    }
}
