package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook redeliveries per job, as token buckets refilled over an hour, so that a key cannot turn one job
 * into a stream of requests to its callback host. Each replica keeps its own buckets (like {@link RateLimits});
 * an arbitrary one goes beyond {@link #MAX_JOBS}.
 */
@ApplicationScoped
public class RedeliveryLimits {
    private static final int MAX_JOBS = 10_000;

    private final int perHour;
    /** Keyed by the caller's account too, so that no other account can use up a job's redeliveries. */
    private record JobOfAccount(UUID accountId, UUID jobId) {
    }

    private final Map<JobOfAccount, Bucket> buckets = new ConcurrentHashMap<>();

    public RedeliveryLimits(JobConfig config) {
        this.perHour = config.redeliveriesPerHour();
    }

    /** Takes one redelivery of the job, or fails with a 429 telling when the next one is allowed. */
    public void take(UUID accountId, UUID jobId) {
        if (buckets.size() >= MAX_JOBS) {
            buckets.keySet().stream().findFirst().ifPresent(buckets::remove);
        }
        Bucket bucket = buckets.computeIfAbsent(new JobOfAccount(accountId, jobId), id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfterSeconds = Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1;
            throw ApiProblem.tooManyRequests("A job's webhook may be redelivered at most " + perHour + " times an hour"
                    + " (redeliveries_per_hour = " + perHour + "); retry in " + retryAfterSeconds + " s",
                    Duration.ofSeconds(retryAfterSeconds));
        }
    }
}
