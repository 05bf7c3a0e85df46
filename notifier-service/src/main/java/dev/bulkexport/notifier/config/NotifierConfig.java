package dev.bulkexport.notifier.config;

import dev.bulkexport.messaging.RetentionSchedule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the notifier, under {@code notifier.}. */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /**
     * The secrets this service needs. Required, with no default outside the dev and test profiles: started
     * without one, the service stops at once naming it, instead of running on a well-known value.
     */
    Secrets secrets();

    interface Secrets {
        /** The database password ({@code DB_PASSWORD}); {@code quarkus.datasource.password} reads it. */
        String dbPassword();

        /**
         * The key the api-service seals accounts' webhook signing secrets with ({@code DESTINATION_KEY}, the same
         * value as the api-service's and the export workers', {@code id:base64}); the notifier opens them with it.
         */
        String destinationKey();

        /**
         * Keys of before a rotation ({@code DESTINATION_PREVIOUS_KEYS}, comma-separated {@code id:base64}): secrets
         * sealed with them still open until the api-service has sealed them again with {@link #destinationKey}.
         */
        Optional<List<String>> destinationPreviousKeys();
    }

    /** Public base URL of the API, for the {@code results_url} of a notification. */
    @WithDefault("http://localhost:8080")
    String apiBaseUrl();

    /**
     * Hard deadline of one attempt: connecting, sending and the response status and headers, together. The
     * body of the answer is never read and the connection is closed at once, so a receiver that trickles its
     * body holds nothing; past the deadline the connection is closed and the attempt failed.
     */
    @WithDefault("15s")
    Duration requestTimeout();

    /**
     * Most attempts of one account that one replica sends at once; the account's other due deliveries wait
     * for a later round, so one account's slow receiver cannot take every slot.
     */
    @WithDefault("4")
    int perAccountConcurrency();

    /**
     * Waits between attempts: the first attempt is immediate, attempt n+1 follows attempt n after the n-th
     * delay; after the last one the delivery is failed. Default: 5s, 5m, 30m, 2h, 5h, 10h, 10h (8 attempts).
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retryDelays();

    /** Longest {@code Retry-After} of a 429 or 503 that is honoured; longer values are cut to this. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** How often the dispatcher looks for due deliveries (scheduler syntax; 1s is the shortest it honours). */
    @WithDefault("1s")
    String pollInterval();

    /**
     * How long a claimed delivery stays reserved to the replica that claimed it. Must exceed the request
     * timeout; a replica that dies mid-attempt leaves the attempt to be retried after the lease.
     */
    @WithDefault("2m")
    Duration claimLease();

    /**
     * Most attempts one replica has in flight. A round claims only as many as there are free slots and does
     * not wait for its attempts: each frees its slot when it ends, so a slow one never holds up the others.
     */
    @WithDefault("16")
    int batchSize();

    /** Whether callback URLs may be plain http (local runs and tests only). */
    @WithDefault("false")
    boolean allowHttpCallbacks();

    /** Callback hosts exempt from the SSRF address rules: the only way around them (local run, tests). */
    Optional<List<String>> callbackAllowedHosts();

    Retention retention();

    /** Deleting published attempts ({@code RetentionService}), on every replica, in short batches. */
    interface Retention extends RetentionSchedule {
        /**
         * How long an attempt stays in notifier.attempts once published to the api-service (which keeps the
         * delivery's state on the job). Deliveries themselves stay: a redelivery request needs them.
         */
        @WithDefault("14d")
        Duration publishedAttempts();
    }
}
