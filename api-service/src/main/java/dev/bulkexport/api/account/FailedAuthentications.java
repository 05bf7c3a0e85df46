package dev.bulkexport.api.account;


import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Requests refused as unauthenticated, per client address, as token buckets of
 * {@code export.accounts.auth.failures-per-minute-per-address} refilled in full each minute from the first failure:
 * an address that keeps sending unusable keys is answered 429 with {@code Retry-After} instead of 401. Only
 * refusals spend tokens and only refusals are answered 429 ({@code BearerAuthFilter} checks the key first), so a
 * client with a good key is never slowed by others that share its address. The address is the client's as the
 * trusted proxies forward it ({@code quarkus.http.proxy.trusted-proxies}), else the peer's. Buckets of addresses
 * idle for two minutes are dropped (a full bucket then), and the number kept is bounded; each replica keeps its own.
 */
@ApplicationScoped
public class FailedAuthentications {
    private static final int MAX_ADDRESSES = 100_000;

    private final int perMinute;
    private final Cache<String, Bucket> byAddress = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(MAX_ADDRESSES)
            .build();

    @Inject
    public FailedAuthentications(AccountConfig config) {
        this(config.auth().failuresPerMinutePerAddress());
    }

    /** With a budget of its own (a test of the limit, beside others that share an address). */
    public FailedAuthentications(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Nanoseconds until the address may try again; zero while it may. */
    public long nanosToWait(String address) {
        Bucket bucket = byAddress.getIfPresent(address);
        return bucket == null ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    /** Counts one refused request of the address. */
    public void failed(String address) {
        byAddress.get(address, any -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)))
                .build()).tryConsume(1);
    }

    public int perMinute() {
        return perMinute;
    }
}
