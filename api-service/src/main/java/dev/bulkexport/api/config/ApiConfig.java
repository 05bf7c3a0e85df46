package dev.bulkexport.api.config;

import dev.bulkexport.messaging.RetentionSchedule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the api-service, under {@code export.}. */
@ConfigMapping(prefix = "export")
public interface ApiConfig {

    /**
     * The secrets this service needs. Required, with no default outside the dev and test profiles: started
     * without one, the service stops at once naming it, instead of running on a well-known value.
     */
    Secrets secrets();

    interface Secrets {
        /** The database password ({@code DB_PASSWORD}); {@code quarkus.datasource.password} reads it. */
        String dbPassword();

        /** The S3 access key id ({@code S3_ACCESS_KEY}). */
        String s3AccessKey();

        /** The S3 secret access key ({@code S3_SECRET_KEY}). */
        String s3SecretKey();

        /**
         * The key that seals destinations' secret access keys ({@code DESTINATION_KEY}), {@code id:base64} of 32
         * random bytes (AES-256-GCM); the export workers need the same value. See docs/operations.md for rotation.
         */
        String destinationKey();

        /**
         * Keys of before a rotation ({@code DESTINATION_PREVIOUS_KEYS}, comma-separated {@code id:base64}): secrets
         * sealed with them still open; new ones are sealed with {@link #destinationKey}.
         */
        Optional<List<String>> destinationPreviousKeys();
    }

    Destinations destinations();

    /** Destinations: the customer's own S3 buckets that jobs may be written to. */
    interface Destinations {
        /**
         * Whether an {@code endpoint} may use plain http ({@code ALLOW_HTTP_DESTINATIONS}); https only by default.
         */
        @WithDefault("false")
        boolean allowHttpEndpoints();

        /**
         * Endpoint hosts exempt from the SSRF guard's address rules ({@code DESTINATION_ALLOWED_HOSTS},
         * comma-separated), e.g. an S3-compatible store inside the network; without it, an endpoint must be and
         * resolve to public addresses only.
         */
        Optional<List<String>> allowedHosts();

        /** How long the access check (a test write and delete) may take before the create is refused. */
        @WithDefault("10s")
        Duration probeTimeout();

        /**
         * How often each replica seals again, with the current key, the secrets still sealed with a previous one
         * (after a rotation; {@code DestinationKeyRotation}).
         */
        @WithDefault("10m")
        String resealInterval();

        /** Most destinations one account may have. */
        @WithDefault("50")
        int maxPerAccount();
    }

    /** S3 bucket that holds the export files. */
    @WithDefault("bulk-exports")
    String bucket();

    Jobs jobs();

    Shards shards();

    Results results();

    Bootstrap bootstrap();

    Admin admin();

    Auth auth();

    Retention retention();

    Schedules schedules();

    DeadLetters deadLetters();

    /** The dead-letter topics' depths, for {@code bulk_export_dead_letters{topic}} ({@code DeadLetterDepth}). */
    interface DeadLetters {
        /** How often each replica reads the dead-letter topics' offsets; the scheduler reads it by name. */
        Duration checkInterval();
    }

    /** Schedules (recurring exports): the due-check every replica runs, and backfill bounds. */
    interface Schedules {
        /**
         * How often a replica looks for due schedules and pending runs; a run starts at most this long after its
         * moment. Replicas claim schedules with SKIP LOCKED, so any number may run it. {@code off} disables it.
         */
        @WithDefault("15s")
        String checkInterval();

        /** Most schedules, and most pending runs, one check handles in a transaction; the rest wait for the next. */
        @WithDefault("20")
        int batchSize();

        /** Most periods one backfill call may ask for; more is a 400 naming this limit. */
        @WithDefault("36")
        int maxBackfillPeriods();

        /**
         * Most missed periods one check runs of one {@code previous_period} or {@code last_days} schedule after
         * an outage; the next check goes on where it stopped.
         */
        @WithDefault("36")
        int maxCatchUpPeriods();
    }

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

    /** API key authentication of the public API. */
    interface Auth {
        /**
         * How long a replica keeps what it read of a used API key (account, permissions, rate limit, expiry)
         * before reading it again. The key's expiry is checked on every request; a key revoked through another
         * replica, or changed in the database directly, still works on this one for at most this long (the
         * replica that revokes a key forgets it at once). Zero reads the key on every request.
         */
        @WithDefault("5s")
        Duration keyCacheTtl();

        /** Most keys one replica keeps; the least recently used go first. */
        @WithDefault("10000")
        int keyCacheSize();

        /**
         * How long a replica remembers that a key is unknown, revoked or expired, so a guessed or stale key
         * repeated costs no database read. Safe because no such key becomes usable later (new keys are random);
         * a key issued through this replica is forgotten here at once. Zero reads it every time.
         */
        @WithDefault("60s")
        Duration unknownKeyCacheTtl();

        /**
         * Requests refused as unauthenticated (no key, or a key that is not usable) one client address may make
         * per minute; beyond it the address gets 429 with {@code Retry-After} before its key is even looked
         * up. Behind a proxy, enable {@code quarkus.http.proxy.proxy-address-forwarding} so the address is the
         * client's, not the proxy's.
         */
        @WithDefault("60")
        int failuresPerMinutePerAddress();
    }

    /** The admin API on the management port (accounts, keys, entitlements, quotas). */
    interface Admin {
        /** Bearer token of the admin API; the admin API refuses every request when absent. Never logged. */
        Optional<String> token();
    }

    interface Jobs {
        /** Most property ids one job may name. */
        @WithDefault("5000")
        int maxPropertyIds();

        /** Longest date range of one job, in days, both ends included. */
        @WithDefault("1096")
        int maxSpanDays();

        /**
         * Most property-days one job may cover: its number of distinct {@code property_ids} times the days of
         * its range. Bounds the work (and file size) of one job, which the quota does not once the properties
         * are counted for the month.
         */
        @WithDefault("1000000")
        long maxPropertyDays();

        /**
         * Most unfinished (submitted, queued or running) jobs one account may have at once; a create beyond
         * it is a 429. Re-exporting counted properties costs no quota, so without this cap one key could queue
         * thousands of large jobs ahead of every other account. Concurrent creates of one account may pass it
         * by the few that race at that moment.
         */
        @WithDefault("100")
        int maxUnfinishedPerAccount();

        /** Most webhook redeliveries one job may ask for in an hour (per api replica); more is a 429. */
        @WithDefault("10")
        int redeliveriesPerHour();

        /** The {@code Retry-After} of a create refused by {@link #maxUnfinishedPerAccount}. */
        @WithDefault("30s")
        Duration unfinishedRetryAfter();

        /** Whether {@code callback_url} may be plain http (local runs and tests only). */
        @WithDefault("false")
        boolean allowHttpCallbacks();

        /**
         * Callback hosts exempt from the SSRF address rules (loopback, private, link-local...): the only way
         * around them, meant for the local run and tests. Comma-separated host names or IP addresses.
         */
        Optional<List<String>> callbackAllowedHosts();
    }

    /**
     * Fan-out and fairness (issue 14): a job whose estimated rows (properties × days × the report's rows per
     * property-day) pass {@link #fanOutRows} is cut into shards of about {@link #rowsPerShard} rows, groups of its
     * properties that any worker builds in parallel. Every job, sharded or not, is handed to the workers by the
     * dispatcher, round-robin across accounts and within each account's {@link #maxRunningPerAccount}.
     */
    interface Shards {
        /** Estimated rows above which a job is cut into shards; at or below it the job is one shard. */
        @WithDefault("5000000")
        long fanOutRows();

        /** Estimated rows of one shard: the job is cut into estimated rows / this many shards (rounded up). */
        @WithDefault("2000000")
        long rowsPerShard();

        /** Most shards of one job (and never more than its properties). */
        @WithDefault("64")
        int maxPerJob();

        /**
         * Most shards (a job of one shard counts as one) of one account handed to the workers and not finished;
         * the rest wait in the api's queue, so one account's backlog never fills the workers.
         */
        @WithDefault("8")
        int maxRunningPerAccount();

        /** How often each replica looks for shards to hand out besides the wake-ups of creates and completions. */
        @WithDefault("1s")
        Duration dispatchInterval();

        /** Rows per property-day of the units report (tracked units per property), for the estimate. */
        @WithDefault("100")
        int unitsRowsPerPropertyDay();

        /** Rows per property-day of the floorplans report (floorplans per property), for the estimate. */
        @WithDefault("4")
        int floorplansRowsPerPropertyDay();
    }

    interface Results {
        /** How long a pre-signed download URL stays valid. */
        @WithDefault("P7D")
        Duration urlValidity();
    }

    /** An account and API key made at start-up if missing: the local run's demo account. */
    interface Bootstrap {
        /** The key to register; nothing is made when absent. Never logged. */
        Optional<String> apiKey();

        /** Name of the account that owns the bootstrap key. */
        @WithDefault("demo")
        String accountName();
    }
}
