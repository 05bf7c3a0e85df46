package dev.bulkexport.api.platform;

import dev.bulkexport.messaging.RetentionSchedule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What every feature shares: retention of the rows nobody reads any more, and the dead-letter gauge. */
@ConfigMapping(prefix = "export.platform")
public interface PlatformConfig {

    Retention retention();

    /** How often each replica reads the dead-letter topics' offsets ({@code DeadLetterDepth}). */
    @WithDefault("60s")
    Duration deadLettersCheckInterval();

    /**
     * Deleting rows nobody reads any more ({@code RetentionService}), on every replica, in short batches. Job
     * rows themselves stay (history, quota, downloads); the bucket's lifecycle rule expires their files.
     */
    interface Retention extends RetentionSchedule {
        /** How long an event stays in api.outbox after it was published (for looking into a recent incident). */
        @WithDefault("7d")
        Duration sentEvents();

        /**
         * How long the id of an applied event stays in api.processed_events: a redelivery older than this would
         * be applied again. Kafka keeps records 7 days, so 14 days outlast any redelivery.
         */
        @WithDefault("14d")
        Duration processedEvents();

        /** How long an Idempotency-Key record stays; at least its 24-hour window (a shorter value is refused). */
        @WithDefault("24h")
        Duration idempotencyKeys();

        /**
         * How long an account's quota rows (api.quota_usage, a property counted in a month) stay, from the first
         * day of their month: only the current month counts against the quota, so anything above 31 days keeps
         * it (a shorter value is refused); 400 days keep a year and a month for billing questions.
         */
        @WithDefault("400d")
        Duration quotaUsage();
    }
}
