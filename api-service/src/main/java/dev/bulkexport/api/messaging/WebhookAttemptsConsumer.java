package dev.bulkexport.api.messaging;

import dev.bulkexport.api.service.JobService;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.WebhookAttempted;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Shows the notifier's webhook attempts on the jobs (the job object's {@code webhook} member). A malformed
 * record goes to the dead-letter topic; a good one is retried while the database is unreachable.
 */
@ApplicationScoped
public class WebhookAttemptsConsumer {
    private static final Logger LOG = Logger.getLogger(WebhookAttemptsConsumer.class);
    private final JobService jobs;

    public WebhookAttemptsConsumer(JobService jobs) {
        this.jobs = jobs;
    }

    @Incoming("webhook-attempts")
    public Uni<Void> onWebhookAttempt(String payload) {
        JobEvent event = EventCodec.decode(payload);
        if (!(event instanceof WebhookAttempted attempt)) {
            return Uni.createFrom().voidItem();
        }
        MDC.put("job_id", attempt.jobId().toString());
        return jobs.applyWebhookAttempt(attempt)
                .onFailure().invoke(e -> LOG.warnf("job %s: cannot record webhook attempt %d, retrying: %s",
                        attempt.jobId(), attempt.attempt(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(15)).indefinitely();
    }
}
