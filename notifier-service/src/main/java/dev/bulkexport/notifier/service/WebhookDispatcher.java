package dev.bulkexport.notifier.service;

import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.notifier.client.WebhookSender;
import dev.bulkexport.notifier.config.NotifierConfig;
import dev.bulkexport.notifier.domain.AttemptResult;
import dev.bulkexport.notifier.domain.Delivery;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.notifier.domain.RetryPolicy;
import dev.bulkexport.messaging.OutboxRelay;
import dev.bulkexport.notifier.repository.DeliveryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries: claims a batch (shared safely between replicas), sends each signed attempt, and
 * records its outcome with the next attempt's time. Nothing lives in memory between rounds, so a restarted
 * notifier resumes every schedule where the database says it stands.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final DeliveryRepository deliveries;
    private final WebhookSender sender;
    private final OutboxRelay relay;
    private final RetryPolicy policy;
    private final NotifierConfig config;
    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry registry;
    private volatile boolean stopping;
    /** Wake-ups run here, one round at a time and off the event loop: a round waits on the database. */
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-dispatcher-wake-up");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    public WebhookDispatcher(DeliveryRepository deliveries, WebhookSender sender, OutboxRelay relay,
            NotifierConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.deliveries = deliveries;
        this.sender = sender;
        this.relay = relay;
        this.config = config;
        this.policy = new RetryPolicy(config.retryDelays(), config.maxRetryAfter());
    }

    /** No new rounds once shutdown began: the database pool closes before the scheduler stops. */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
        wakeUps.shutdown();
    }

    /**
     * Runs a round now rather than at the next poll, for a delivery just recorded: the poll alone added up to
     * its interval (1 s) to every webhook. Wake-ups arriving while one is queued are coalesced into it.
     */
    public void wakeUp() {
        if (!stopping && wakeUpPending.compareAndSet(false, true)) {
            try {
                wakeUps.execute(() -> {
                    wakeUpPending.set(false);
                    scheduled();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeUpPending.set(false); // shutting down: the deliveries stay due for the next start
            }
        }
    }

    @Scheduled(every = "${notifier.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        while (!stopping && dispatchDue() == config.batchSize()) {
            // a full batch: more may be due right away
        }
    }

    /** One round on the calling (worker) thread; returns how many deliveries it attempted. */
    public int dispatchDue() {
        List<Delivery> claimed;
        try {
            claimed = deliveries.claimDue(config.batchSize(), config.claimLease(), clock.instant())
                    .await().atMost(DB_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("cannot claim due webhook deliveries, will retry: %s", e.getMessage());
            return 0;
        }
        List<Uni<Void>> attempts = new ArrayList<>();
        for (Delivery delivery : claimed) {
            attempts.add(attempt(delivery));
        }
        if (!attempts.isEmpty()) {
            Uni.join().all(attempts).andCollectFailures().await().atMost(config.claimLease());
            publishAttempts();
        }
        return claimed.size();
    }

    /** Publishing is the relay's job and it retries by itself: a failed wake-up only waits for its next round. */
    private void publishAttempts() {
        try {
            relay.wakeUp();
        } catch (RuntimeException e) {
            LOG.debugf("attempt relay not ready yet: %s", e.getMessage());
        }
    }

    /** Secret lookup and the SSRF check (which may resolve DNS) run here, on the worker thread. */
    private Uni<Void> attempt(Delivery delivery) {
        Uni<AttemptResult> sent;
        try {
            String secret = deliveries.signingSecret(delivery.accountId()).await().atMost(DB_WAIT);
            sent = sender.send(delivery, secret);
        } catch (RuntimeException e) {
            sent = Uni.createFrom().failure(e);
        }
        return sent.chain(result -> record(delivery, result))
                .onFailure().invoke(e -> LOG.warnf("job %s webhook %s: attempt not recorded, retried after the"
                        + " lease: %s", delivery.jobId(), delivery.webhookId(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> record(Delivery delivery, AttemptResult result) {
        int attempt = delivery.attempts() + 1;
        RetryPolicy.Decision decision = policy.after(delivery.roundAttempts() + 1, result);
        String error = decision.reason() == null ? result.error()
                : result.error() == null ? decision.reason() : result.error() + "; " + decision.reason();
        WebhookAttempted event = WebhookAttempted.of(delivery.jobId(), delivery.accountId(), delivery.webhookId(),
                attempt, result.at(), decision.status(), result.responseStatus(), error,
                decision.nextAttemptAt());
        return deliveries.recordAttempt(delivery, event).invoke(recorded -> {
            if (recorded) {
                registry.counter("bulk_export.webhook.attempts", "outcome", decision.status().wireName()).increment();
                log(delivery, attempt, decision, event);
            }
        }).replaceWithVoid();
    }

    private static void log(Delivery delivery, int attempt, RetryPolicy.Decision decision, WebhookAttempted event) {
        if (decision.status() == WebhookStatus.DELIVERED) {
            LOG.infof("job %s webhook %s delivered on attempt %d (HTTP %d)", delivery.jobId(), delivery.webhookId(),
                    attempt, event.responseStatus());
        } else if (decision.status() == WebhookStatus.PENDING) {
            LOG.warnf("job %s webhook %s attempt %d failed (%s); next attempt at %s", delivery.jobId(),
                    delivery.webhookId(), attempt, event.error(), decision.nextAttemptAt());
        } else {
            LOG.errorf("job %s webhook %s failed for good after attempt %d: %s", delivery.jobId(),
                    delivery.webhookId(), attempt, event.error());
        }
    }
}
