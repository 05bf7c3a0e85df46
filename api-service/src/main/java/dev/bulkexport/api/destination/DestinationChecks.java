package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.ApiProblem;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Access checks per account, as token buckets of {@code export.destinations.checks-per-minute} refilled over the
 * minute: each check is a request from our network to an address the customer chose, so an account may not turn
 * the check into a stream of them (a port scanner's). Each replica keeps its own buckets; accounts idle for two
 * minutes are dropped (a full bucket then).
 */
@ApplicationScoped
public class DestinationChecks {
    private static final int MAX_ACCOUNTS = 100_000;

    private final int perMinute;
    private final Cache<UUID, Bucket> byAccount = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(MAX_ACCOUNTS)
            .build();

    public DestinationChecks(DestinationConfig config) {
        this.perMinute = config.checksPerMinute();
    }

    /** Takes one check of the account, or fails with a 429 telling when the next one is allowed. */
    public void take(UUID accountId) {
        ConsumptionProbe probe = byAccount.get(accountId, any -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfterSeconds = Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1;
            throw ApiProblem.tooManyRequests("An account may start at most " + perMinute + " destination access"
                    + " checks a minute (checks_per_minute = " + perMinute + "); retry in " + retryAfterSeconds + " s",
                    Duration.ofSeconds(retryAfterSeconds));
        }
    }
}
