package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.Caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The usable keys this replica read lately, by key hash, kept for {@code export.accounts.auth.key-cache-ttl}: most
 * requests then read neither key nor account. Unknown, revoked and expired keys are never kept, so a new key
 * works at once. Unknown, revoked and expired key hashes are kept apart for {@code export.accounts.auth.unknown-key-cache-ttl}:
 * a guessed or stale key repeated costs no lookup. A key revoked through this replica is forgotten at once; on
 * other replicas it works on for at most the TTL.
 */
@ApplicationScoped
public class KnownKeys {
    /** A key as read: who calls with it, and until when it may be used (null: no expiry). */
    record Entry(Caller caller, Instant expiresAt) {
        boolean usableAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    /** Null when the TTL is zero: every request reads its key. */
    private final Cache<String, Entry> byHash;
    /** Hashes of keys read lately that were not usable; null when that TTL is zero. */
    private final Cache<String, Boolean> unusable;
    /** Counts forgets, so that a read that raced a revocation is not kept. */
    private final AtomicLong forgets = new AtomicLong();

    public KnownKeys(AccountConfig config) {
        AccountConfig.Auth auth = config.auth();
        this.byHash = auth.keyCacheTtl().isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(auth.keyCacheTtl())
                .maximumSize(auth.keyCacheSize())
                .build();
        this.unusable = auth.unknownKeyCacheTtl().isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(auth.unknownKeyCacheTtl())
                .maximumSize(auth.keyCacheSize())
                .build();
    }

    /** Whether a read of this key hash lately found it unknown, revoked or expired. */
    boolean knownUnusable(String keyHash) {
        return unusable != null && unusable.getIfPresent(keyHash) != null;
    }

    /** Remembers that a read found this key hash unknown, revoked or expired. */
    void keepUnusable(String keyHash) {
        if (unusable != null) {
            unusable.put(keyHash, Boolean.TRUE);
        }
    }

    /** The kept entry of a key hash; null when none is kept. */
    Entry get(String keyHash) {
        return byHash == null ? null : byHash.getIfPresent(keyHash);
    }

    /** Marks the start of a key read: pass the answer to {@link #keep}. */
    long readStarts() {
        return forgets.get();
    }

    /** Keeps what a read found, unless something was forgotten since it started (it may be the revoked key). */
    void keep(String keyHash, Entry entry, long readStart) {
        if (byHash == null) {
            return;
        }
        byHash.put(keyHash, entry);
        if (forgets.get() != readStart) {
            byHash.invalidate(keyHash);
        }
    }

    /** Forgets a key, e.g. after revoking or issuing it: its next request reads it again. */
    public void forgetKey(String keyHash) {
        forgets.incrementAndGet();
        if (byHash != null) {
            byHash.invalidate(keyHash);
        }
        if (unusable != null) {
            unusable.invalidate(keyHash);
        }
    }

    /** Forgets every key of an account, e.g. after its rate limit changed. */
    public void forgetAccount(UUID accountId) {
        forgets.incrementAndGet();
        if (byHash != null) {
            byHash.asMap().values().removeIf(entry -> entry.caller().accountId().equals(accountId));
        }
    }
}
