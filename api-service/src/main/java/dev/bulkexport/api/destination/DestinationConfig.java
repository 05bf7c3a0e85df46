package dev.bulkexport.api.destination;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Destinations: the customer's own S3 buckets that jobs may be written to. */
@ConfigMapping(prefix = "export.destinations")
public interface DestinationConfig {
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

    /**
     * Access checks (a test write and delete, one per create) one account may start per minute on each replica
     * ({@code DESTINATION_CHECKS_PER_MINUTE}); more is a 429 with {@code Retry-After}.
     */
    @WithDefault("5")
    int checksPerMinute();

    /** Most destinations one account may have. */
    @WithDefault("50")
    int maxPerAccount();
}
