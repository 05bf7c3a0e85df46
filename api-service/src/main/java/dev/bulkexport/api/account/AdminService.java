package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Accounts and API keys, for operators: the admin API's use cases. */
@ApplicationScoped
public class AdminService {
    private static final Logger LOG = Logger.getLogger(AdminService.class);

    private final Pool pool;
    private final AccountRows accounts;
    private final KnownKeys knownKeys;
    private final SecretCipher cipher;

    AdminService(Pool pool, AccountRows accounts, KnownKeys knownKeys, SecretCipher cipher) {
        this.pool = pool;
        this.accounts = accounts;
        this.knownKeys = knownKeys;
        this.cipher = cipher;
    }

    public Uni<JsonObject> createAccount(String name, int monthlyQuota, int rateLimitPerMinute, List<Long> entitled) {
        UUID id = UUID.randomUUID();
        String webhookSecret = cipher.encrypt(WebhookSecrets.generate(), WebhookSecrets.context(id));
        return pool.withTransaction(sql -> accounts.insert(sql, id, name, monthlyQuota, rateLimitPerMinute,
                                entitled == null, webhookSecret)
                        .invoke(inserted -> {
                            if (!inserted) {
                                throw ApiProblem.conflict("An account named '" + name + "' exists already");
                            }
                        })
                        .chain(() -> accounts.setEntitlement(sql, id, entitled))
                        .chain(() -> accounts.find(sql, id)))
                .map(AdminService::json)
                .invoke(() -> LOG.infof("account %s (%s) created", id, name));
    }

    public Uni<JsonArray> listAccounts() {
        return accounts.all(pool).map(all -> new JsonArray(all.stream().map(AdminService::json).toList()));
    }

    /** Issues a key; its secret is in the answer and nowhere else. */
    public Uni<JsonObject> issueKey(UUID accountId, List<String> permissions, OffsetDateTime expiresAt) {
        String secret = ApiKey.newSecret();
        ApiKey key = ApiKey.forSecret(accountId, secret);
        key.permissions = permissions.toArray(String[]::new);
        key.expiresAt = expiresAt == null ? null : expiresAt.toInstant();
        return existing(accountId)
                .chain(() -> Panache.withTransaction(key::persist))
                .map(issued -> new JsonObject()
                        .put("key_id", key.id.toString())
                        .put("account_id", accountId.toString())
                        .put("api_key", secret)
                        .put("prefix", key.prefix)
                        .put("permissions", new JsonArray(permissions))
                        .put("expires_at", expiresAt == null ? null : expiresAt.toInstant().toString()))
                .invoke(() -> LOG.infof("key %s... issued for account %s", key.prefix, accountId));
    }

    /**
     * A new Standard Webhooks secret for the account, shown in the answer and stored only sealed (bound to the
     * account); the next attempt signs with it. The
     * previous secret stays valid for {@code overlap} (deliveries meanwhile carry a signature under each), so
     * receivers switch at their own moment within it; a zero overlap retires it at once.
     */
    public Uni<JsonObject> rotateWebhookSecret(UUID accountId, Duration overlap) {
        String secret = WebhookSecrets.generate();
        String sealed = cipher.encrypt(secret, WebhookSecrets.context(accountId));
        return accounts.rotateWebhookSecret(pool, accountId, sealed, overlap).map(until -> {
            if (until == null) {
                throw ApiProblem.notFound("No account " + accountId);
            }
            LOG.infof("webhook secret of account %s rotated; the previous one is valid until %s", accountId, until);
            return new JsonObject().put("account_id", accountId.toString()).put("webhook_secret", secret)
                    .put("previous_secret_valid_until", until.toString());
        });
    }

    /**
     * Revokes a key: refused at once by this replica, by the others within
     * {@code export.accounts.auth.key-cache-ttl}.
     */
    public Uni<Void> revokeKey(UUID keyId) {
        return Panache.withTransaction(() -> ApiKey.<ApiKey>findById(keyId).invoke(key -> {
            if (key == null) {
                throw ApiProblem.notFound("No key " + keyId);
            }
            if (key.revokedAt == null) {
                key.revokedAt = Instant.now();
            }
            knownKeys.forgetKey(key.keyHash);
            LOG.infof("key %s revoked", keyId);
        })).replaceWithVoid();
    }

    /** Sets what the account may export: {@code entitled} null means every property. */
    public Uni<JsonObject> setEntitlement(UUID accountId, List<Long> entitled) {
        return pool.withTransaction(sql -> accounts.setEntitlement(sql, accountId, entitled)
                        .chain(found -> found ? accounts.find(sql, accountId) : Uni.createFrom().nullItem()))
                .map(account -> json(found(accountId, account)));
    }

    /** Changes the limits given (null: kept) and the caps changed (a null value: the configured default again). */
    public Uni<JsonObject> setLimits(UUID accountId, Integer monthlyQuota, Integer rateLimitPerMinute,
            AccountRows.Cap maxUnfinishedJobs, AccountRows.Cap maxRunningShards) {
        return pool.withTransaction(sql -> accounts.setLimits(sql, accountId, monthlyQuota, rateLimitPerMinute,
                                maxUnfinishedJobs, maxRunningShards)
                        .chain(found -> found ? accounts.find(sql, accountId) : Uni.createFrom().nullItem()))
                .map(account -> json(found(accountId, account)))
                .invoke(() -> knownKeys.forgetAccount(accountId));
    }

    private Uni<Account> existing(UUID accountId) {
        return accounts.find(pool, accountId).map(account -> found(accountId, account));
    }

    private static Account found(UUID accountId, Account account) {
        if (account == null) {
            throw ApiProblem.notFound("No account " + accountId);
        }
        return account;
    }

    private static JsonObject json(Account account) {
        return new JsonObject()
                .put("account_id", account.id().toString())
                .put("name", account.name())
                .put("created_at", account.createdAt().toInstant().toString())
                .put("all_properties", account.allProperties())
                .put("monthly_quota", account.monthlyQuota())
                .put("rate_limit_per_minute", account.rateLimitPerMinute())
                .put("max_unfinished_jobs", account.maxUnfinishedJobs())
                .put("max_running_shards", account.maxRunningShards())
                .put("property_ids", account.allProperties() ? null : new JsonArray(account.propertyIds()));
    }
}
