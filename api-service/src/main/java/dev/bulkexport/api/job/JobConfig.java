package dev.bulkexport.api.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Jobs: the limits of one create, the account's cap of unfinished jobs, callbacks, and result links. */
@ConfigMapping(prefix = "export.jobs")
public interface JobConfig {
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

    Results results();

    /** Where results are and how long their download links live. */
    interface Results {
        /** How long a pre-signed download URL stays valid. */
        @WithDefault("P7D")
        Duration urlValidity();

        /** S3 bucket that holds the export files (the workers write there; links are signed for it). */
        @WithDefault("bulk-exports")
        String bucket();
    }
}
