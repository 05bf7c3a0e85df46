package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.Caller;
import dev.bulkexport.api.platform.Permission;

import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

@ApplicationScoped
public class ApiKeyService {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    /** The defaults of an account the admin API makes (docs/api.md). */
    private static final int DEFAULT_MONTHLY_QUOTA = 10_000;
    private static final int DEFAULT_RATE_LIMIT = 600;

    private final Pool pool;
    private final AccountRows accounts;
    private final KnownKeys knownKeys;
    private final SecretCipher cipher;

    ApiKeyService(Pool pool, AccountRows accounts, KnownKeys knownKeys, SecretCipher cipher) {
        this.pool = pool;
        this.accounts = accounts;
        this.knownKeys = knownKeys;
        this.cipher = cipher;
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
        return read(keyHash)
                .invoke(entry -> {
                    if (entry != null) {
                        knownKeys.keep(keyHash, entry, readStart);
                    } else {
                        knownKeys.keepUnusable(keyHash);
                    }
                })
                .map(entry -> entry == null || !entry.usableAt(Instant.now()) ? null : entry.caller());
    }

    /** The key and its account, when the key is usable now; null otherwise. */
    private Uni<KnownKeys.Entry> read(String keyHash) {
        return Panache.withSession(() -> ApiKey.<ApiKey>find("keyHash", keyHash).firstResult())
                .chain(key -> key == null || !key.isUsableAt(Instant.now()) ? Uni.createFrom().nullItem()
                        : accounts.find(pool, key.accountId)
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
                account.rateLimitPerMinute());
    }

    /** Makes the configured bootstrap account and key if they do not exist yet. */
    public Uni<Void> ensureBootstrapKey(AccountConfig.Bootstrap bootstrap) {
        if (bootstrap.apiKey().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String secret = bootstrap.apiKey().get();
        String name = bootstrap.accountName();
        UUID id = UUID.randomUUID();
        String webhookSecret = cipher.encrypt(WebhookSecrets.generate(), WebhookSecrets.context(id));
        return pool.withTransaction(sql -> accounts.insert(sql, id, name, DEFAULT_MONTHLY_QUOTA,
                        DEFAULT_RATE_LIMIT, true, webhookSecret).chain(() -> accounts.findByName(sql, name)))
                .chain(account -> Panache.withTransaction(() -> ApiKey.<ApiKey>find("keyHash", ApiKey.hash(secret))
                        .firstResult().chain(key -> key != null ? Uni.createFrom().voidItem()
                                : ApiKey.forSecret(account.id(), secret).<ApiKey>persist()
                                        .invoke(k -> LOG.infof("bootstrap key %s... registered for account %s",
                                                k.prefix, name))
                                        // Tried before it existed, it would be remembered as unknown.
                                        .invoke(k -> knownKeys.forgetKey(k.keyHash))
                                        .replaceWithVoid())));
    }
}
