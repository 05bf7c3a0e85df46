package dev.bulkexport.notifier.service;

import dev.bulkexport.messaging.RetentionSweep;
import dev.bulkexport.notifier.config.NotifierConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Deletes attempts published long ago ({@link NotifierConfig.Retention}); every replica runs it. */
@Startup // its meters exist from the start, at zero, not from its first scheduled run
@ApplicationScoped
public class RetentionService {

    private final RetentionSweep sweep;

    public RetentionService(Pool pool, MeterRegistry registry, NotifierConfig config) {
        NotifierConfig.Retention retention = config.retention();
        this.sweep = new RetentionSweep(pool, registry, retention.batchSize(), List.of(
                new RetentionSweep.Rule("notifier.attempts", "published_at", retention.publishedAttempts())));
    }

    @Scheduled(every = "${notifier.retention.interval}", delayed = "${notifier.retention.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep.runScheduled();
    }

    /** One sweep; the rows deleted. */
    public Uni<Long> sweep() {
        return sweep.run();
    }
}
