package dev.bulkexport.api.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Accounts and their keys: authentication of the public API, the admin API, the bootstrap key. */
@ConfigMapping(prefix = "export.accounts")
public interface AccountConfig {
    Auth auth();

    Admin admin();

    Bootstrap bootstrap();

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
         * per minute; beyond it its refusals are 429 with {@code Retry-After} instead of 401. A usable key is never
         * refused by it. Behind a proxy, {@code quarkus.http.proxy.proxy-address-forwarding} and
         * {@code quarkus.http.proxy.trusted-proxies} make the address the client's, not the proxy's.
         */
        @WithDefault("60")
        int failuresPerMinutePerAddress();
    }

    /** The admin API on the management port (accounts, keys, entitlements, quotas). */
    interface Admin {
        /** Bearer token of the admin API; the admin API refuses every request when absent. Never logged. */
        Optional<String> token();
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
