package dev.bulkexport.notifier.service;

import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.common.secrets.SecretCipher;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries: claims what its free slots can take (shared safely between replicas), sends each
 * signed attempt, and records its outcome with the next attempt's time. Attempts run side by side and each
 * ends within the sender's hard deadline, far inside the claim lease, so no delivery is claimed again while
 * its attempt is still open. Nothing lives in memory between rounds, so a restarted
 * notifier resumes every schedule where the database says it stands.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final DeliveryRepository deliveries;
    private final SigningSecrets signingSecrets;
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
    /** Attempts in flight on this replica, at most {@code batch-size}. */
    private final Semaphore slots;
    private final AccountSlots perAccount;

    public WebhookDispatcher(DeliveryRepository deliveries, SigningSecrets signingSecrets, WebhookSender sender,
            OutboxRelay relay, NotifierConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.deliveries = deliveries;
        this.signingSecrets = signingSecrets;
        this.sender = sender;
        this.relay = relay;
        this.config = config;
        this.policy = new RetryPolicy(config.retryDelays(), config.maxRetryAfter());
        this.slots = new Semaphore(config.batchSize());
        this.perAccount = new AccountSlots(config.perAccountConcurrency());
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
        int free;
        while (!stopping && (free = slots.availablePermits()) > 0 && dispatchDue() == free) {
            // every free slot was filled: more may be due right away
        }
    }

    /**
     * One round on the calling (worker) thread: claims as many due deliveries as there are free slots and
     * starts their attempts without waiting for them; returns how many it claimed. A delivery whose account
     * already has {@code per-account-concurrency} attempts in flight here is handed back unsent.
     */
    public int dispatchDue() {
        int free = slots.availablePermits();
        if (free == 0) {
            return 0;
        }
        List<Delivery> claimed;
        try {
            claimed = deliveries.claimDue(free, config.claimLease(), clock.instant()).await().atMost(DB_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("cannot claim due webhook deliveries, will retry: %s", e.getMessage());
            return 0;
        }
        for (Delivery delivery : claimed) {
            if (!perAccount.tryStart(delivery.accountId())) {
                release(delivery);
                continue;
            }
            if (!slots.tryAcquire()) {
                perAccount.end(delivery.accountId());
                release(delivery);
                continue;
            }
            attempt(delivery).subscribe().with(done -> finished(delivery), e -> finished(delivery));
        }
        return claimed.size();
    }

    private void finished(Delivery delivery) {
        perAccount.end(delivery.accountId());
        slots.release();
        publishAttempts();
        wakeUp();
    }

    /** Back to the queue, due in a second: its account's other attempts are running on this replica. */
    private void release(Delivery delivery) {
        deliveries.release(delivery, clock.instant().plusSeconds(1)).subscribe().with(done -> { },
                e -> LOG.debugf("webhook %s stays leased until its lease ends: %s", delivery.webhookId(), e.getMessage()));
    }

    /** Publishing is the relay's job and it retries by itself: a failed wake-up only waits for its next round. */
    private void publishAttempts() {
        try {
            relay.wakeUp();
        } catch (RuntimeException e) {
            LOG.debugf("attempt relay not ready yet: %s", e.getMessage());
        }
    }

    /**
     * The secret lookup, the SSRF check (DNS, on a worker thread) and the POST, without blocking the caller. A
     * signing secret that does not open makes a failed attempt without a request, retried on the schedule like one
     * that reached no receiver (the keys may be put right meanwhile): nothing goes out signed with another value.
     */
    private Uni<Void> attempt(Delivery delivery) {
        return signingSecrets.of(delivery.accountId())
                .chain(secrets -> sender.send(delivery, secrets))
                .onFailure(SecretCipher.UnreadableSecretException.class).recoverWithItem(e -> AttemptResult
                        .noResponse(clock.instant(), "the account's signing secret cannot be opened; not sent"))
                .chain(result -> record(delivery, result))
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
