package dev.bulkexport.api.job;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.messaging.ConsumerRetries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Shows the notifier's webhook attempts on the jobs (the job object's {@code webhook} member). A good record is
 * retried while the database is unavailable; a malformed one, or one that fails otherwise, goes to the
 * dead-letter topic ({@link ConsumerRetries}).
 */
@ApplicationScoped
public class WebhookAttemptsConsumer {
    private final JobUpdateService jobs;

    WebhookAttemptsConsumer(JobUpdateService jobs) {
        this.jobs = jobs;
    }

    @Incoming("webhook-attempts")
    public Uni<Void> onWebhookAttempt(String payload) {
        JobEvent event = EventCodec.decode(payload);
        if (!(event instanceof WebhookAttempted attempt)) {
            return Uni.createFrom().voidItem();
        }
        MDC.put("job_id", attempt.jobId().toString());
        return ConsumerRetries.retryWhileDatabaseUnavailable(() -> jobs.applyWebhookAttempt(attempt),
                "job " + attempt.jobId() + ": recording webhook attempt " + attempt.attempt());
    }
}
