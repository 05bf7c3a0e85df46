package dev.bulkexport.notifier.service;

import dev.bulkexport.messaging.Gauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook deliveries still to make, as gauges: all pending ones, those due now that no replica has claimed
 * (a claim moves next_attempt_at forward), and how overdue the oldest of them is. A growing due count means the
 * notifiers do not keep up (or are stuck); pending alone also counts retries scheduled hours ahead.
 */
@ApplicationScoped
public class DeliveryBacklog {
    private static final String MEASURE = """
            SELECT count(*), count(*) FILTER (WHERE next_attempt_at <= now()),
                   coalesce(extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now())), 0)
              FROM notifier.deliveries WHERE status = 'pending'""";

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong oldestDueMillis = new AtomicLong();
    private final Gauges gauges;

    public DeliveryBacklog(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.gauges = new Gauges(registry);
        gauges.add(Gauge.builder("bulk_export.webhook.deliveries.pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet delivered nor given up"));
        gauges.add(Gauge.builder("bulk_export.webhook.deliveries.due", due, AtomicLong::get)
                .description("Pending webhook deliveries due now and not claimed by a notifier"));
        gauges.add(Gauge.builder("bulk_export.webhook.deliveries.oldest.due.seconds", oldestDueMillis,
                age -> age.get() / 1000.0).description("How long the most overdue unclaimed delivery has been due"));
    }

    void onShutdown(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measure() {
        return pool.query(MEASURE).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong(0));
                    due.set(row.getLong(1));
                    oldestDueMillis.set((long) (row.getNumeric(2).doubleValue() * 1000));
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
