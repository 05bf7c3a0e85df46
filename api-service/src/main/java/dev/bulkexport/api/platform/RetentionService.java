package dev.bulkexport.api.platform;

import dev.bulkexport.messaging.RetentionSweep.Rule;
import dev.bulkexport.messaging.RetentionSweep;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Deletes what the api-service wrote and no longer needs: published outbox events, ids of applied events,
 * Idempotency-Key records past their window, and quota rows of months long past ({@link PlatformConfig.Retention}). Every replica runs it; batches skip
 * each other's rows.
 */
@Startup // its meters exist from the start, at zero, not from its first scheduled run
@ApplicationScoped
public class RetentionService {
    private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** From a month's first day to its end, and a day of margin: the current month's rows are never old enough. */
    private static final Duration LONGEST_MONTH = Duration.ofDays(32);

    private final RetentionSweep sweep;

    public RetentionService(Pool pool, MeterRegistry registry, PlatformConfig config) {
        PlatformConfig.Retention retention = config.retention();
        if (retention.idempotencyKeys().compareTo(IDEMPOTENCY_WINDOW) < 0) {
            throw new IllegalStateException("export.platform.retention.idempotency-keys must be at least "
                    + IDEMPOTENCY_WINDOW + ", the window in which a key gives back its job");
        }
        if (retention.quotaUsage().compareTo(LONGEST_MONTH) < 0) {
            throw new IllegalStateException("export.platform.retention.quota-usage must be at least " + LONGEST_MONTH
                    + ": the current month's quota rows count against the quota");
        }
        this.sweep = new RetentionSweep(pool, registry, retention.batchSize(), List.of(
                new Rule("api.outbox", "sent_at", retention.sentEvents()),
                new Rule("api.processed_events", "processed_at", retention.processedEvents()),
                new Rule("api.idempotency_keys", "created_at", retention.idempotencyKeys()),
                new Rule("api.quota_usage", "month", retention.quotaUsage())));
    }

    @Scheduled(every = "${export.platform.retention.interval}", delayed = "${export.platform.retention.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep.runScheduled();
    }

    /** One sweep of every table; the rows deleted. */
    public Uni<Long> sweep() {
        return sweep.run();
    }
}
