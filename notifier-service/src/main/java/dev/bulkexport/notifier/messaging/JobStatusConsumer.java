package dev.bulkexport.notifier.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import dev.bulkexport.notifier.service.DeliveryRecorder;
import dev.bulkexport.notifier.service.WebhookDispatcher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the public status topic (outcomes with a callback URL become deliveries) and redelivery requests. The record is acknowledged
 * only once its delivery is stored: while the database is unreachable the consumer retries rather than
 * parking a good event in the dead-letter topic (only malformed records go there).
 */
@ApplicationScoped
public class JobStatusConsumer {
    private static final Logger LOG = Logger.getLogger(JobStatusConsumer.class);

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
        return deliveries.onStatusChanged(changed)
                // An outcome's webhook goes out now, not at the dispatcher's next poll.
                .invoke(() -> {
                    if (changed.status().isTerminal()) {
                        dispatcher.wakeUp();
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("job %s: cannot record its webhook delivery, retrying: %s",
                        changed.jobId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    /** Redelivery requests from the api-service outbox; acknowledged once the schedule is restarted. */
    @Incoming("webhook-redelivery")
    public Uni<Void> onRedeliveryRequested(String payload) {
        if (!(EventCodec.decode(payload) instanceof WebhookRedeliveryRequested request)) {
            return Uni.createFrom().voidItem();
        }
        return deliveries.redeliver(request)
                .onFailure().invoke(e -> LOG.warnf("job %s: cannot restart its webhook delivery, retrying: %s",
                        request.jobId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }
}
