package dev.bulkexport.api.account;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per API key, as token buckets refilled smoothly over the minute. Each replica keeps its
 * own buckets: behind N replicas a key may make up to N times its limit.
 */
@ApplicationScoped
public class RateLimits {
    private record BucketKey(UUID keyId, int perMinute) {
    }

    /** The outcome of one request against its key's limit. */
    public record Decision(boolean allowed, int limit, long remaining, long nanosToWait) {
    }

    private final Map<BucketKey, Bucket> buckets = new ConcurrentHashMap<>();

    public Decision take(UUID keyId, int perMinute) {
        Bucket bucket = buckets.computeIfAbsent(new BucketKey(keyId, perMinute), key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), perMinute, probe.getRemainingTokens(),
                probe.getNanosToWaitForRefill());
    }
}
