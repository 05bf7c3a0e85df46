package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.Caller;
import dev.bulkexport.api.platform.Permission;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

@ApplicationScoped
public class ApiKeyService {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private final ApiKeyRepository keys;
    private final KnownKeys knownKeys;

    public ApiKeyService(ApiKeyRepository keys, KnownKeys knownKeys) {
        this.keys = keys;
        this.knownKeys = knownKeys;
    }

    /**
     * The caller behind a bearer token, or null when the key is unknown, revoked or expired. A key read in the
     * last {@code export.accounts.auth.key-cache-ttl} is not read again, but its expiry is checked on every call.
     */
    public Uni<Caller> authenticate(String secret) {
        String keyHash = ApiKey.hash(secret);
        KnownKeys.Entry known = knownKeys.get(keyHash);
        if (known != null) {
            return Uni.createFrom().item(known.usableAt(Instant.now()) ? known.caller() : null);
        }
        if (knownKeys.knownUnusable(keyHash)) {
            return Uni.createFrom().nullItem();
        }
        long readStart = knownKeys.readStarts();
        return Panache.withSession(() -> read(keyHash))
                .invoke(entry -> {
                    if (entry != null) {
                        knownKeys.keep(keyHash, entry, readStart);
                    } else {
                        knownKeys.keepUnusable(keyHash);
                    }
                })
                .map(entry -> entry == null || !entry.usableAt(Instant.now()) ? null : entry.caller());
    }

    /** The caller of a key this replica read lately and that is usable now; null otherwise. No lookup. */
    public Caller cached(String secret) {
        KnownKeys.Entry known = knownKeys.get(ApiKey.hash(secret));
        return known != null && known.usableAt(Instant.now()) ? known.caller() : null;
    }

    /** The key and its account, when the key is usable now; null otherwise. */
    private Uni<KnownKeys.Entry> read(String keyHash) {
        return keys.findByHash(keyHash).chain(key -> key == null || !key.isUsableAt(Instant.now())
                ? Uni.createFrom().nullItem()
                : Account.<Account>findById(key.accountId)
                        .map(account -> new KnownKeys.Entry(caller(key, account), key.expiresAt)));
    }

    private static Caller caller(ApiKey key, Account account) {
        java.util.Set<Permission> permissions = java.util.EnumSet.noneOf(Permission.class);
        for (Permission permission : Permission.values()) {
            if (key.has(permission)) {
                permissions.add(permission);
            }
        }
        // Kept in KnownKeys and shared by concurrent requests: read-only.
        return new Caller(key.accountId, key.id, java.util.Collections.unmodifiableSet(permissions),
                account.rateLimitPerMinute);
    }

    /** Makes the configured bootstrap account and key if they do not exist yet. */
    @WithTransaction
    public Uni<Void> ensureBootstrapKey(AccountConfig.Bootstrap bootstrap) {
        if (bootstrap.apiKey().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String secret = bootstrap.apiKey().get();
        return keys.findAccountByName(bootstrap.accountName())
                .chain(found -> found != null ? Uni.createFrom().item(found)
                        : Account.named(bootstrap.accountName()).<Account>persist())
                .chain(account -> keys.findBySecret(secret).chain(key -> key != null ? Uni.createFrom().voidItem()
                        : keys.persist(ApiKey.forSecret(account.id, secret))
                                .invoke(k -> LOG.infof("bootstrap key %s... registered for account %s", k.prefix,
                                        account.name))
                                // Tried before it existed, it would be remembered as unknown.
                                .invoke(k -> knownKeys.forgetKey(k.keyHash))
                                .replaceWithVoid()));
    }
}
