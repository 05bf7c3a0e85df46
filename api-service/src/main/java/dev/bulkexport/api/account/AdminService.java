package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Accounts and API keys, for operators. Plain SQL on the reactive client: the admin routes are Vert.x routes. */
@ApplicationScoped
public class AdminService {
    private static final Logger LOG = Logger.getLogger(AdminService.class);
    private static final String ACCOUNT_COLUMNS = "id, name, created_at, all_properties, monthly_quota,"
            + " rate_limit_per_minute";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Pool pool;
    private final KnownKeys knownKeys;

    public AdminService(Pool pool, KnownKeys knownKeys) {
        this.pool = pool;
        this.knownKeys = knownKeys;
    }

    public Uni<JsonObject> createAccount(String name, int monthlyQuota, int rateLimitPerMinute, List<Long> entitled) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(sql -> sql.preparedQuery("INSERT INTO api.accounts (" + ACCOUNT_COLUMNS
                        + ") VALUES ($1, $2, now(), $3, $4, $5) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(id, name, entitled == null, monthlyQuota, rateLimitPerMinute))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiProblem(409, "An account named '" + name + "' exists already");
                    }
                })
                .chain(() -> replaceEntitlement(sql, id, entitled))
                .chain(() -> account(sql, id)))
                .invoke(account -> LOG.infof("account %s (%s) created", id, name));
    }

    public Uni<JsonArray> listAccounts() {
        return pool.query("SELECT " + ACCOUNT_COLUMNS + " FROM api.accounts ORDER BY created_at").execute()
                .map(rows -> {
                    JsonArray accounts = new JsonArray();
                    rows.forEach(row -> accounts.add(toJson(row)));
                    return accounts;
                });
    }

    /** Issues a key; its secret is in the answer and nowhere else. */
    public Uni<JsonObject> issueKey(UUID accountId, List<String> permissions, OffsetDateTime expiresAt) {
        String secret = ApiKey.newSecret();
        ApiKey key = ApiKey.forSecret(accountId, secret);
        return pool.withTransaction(sql -> account(sql, accountId)
                .chain(account -> sql.preparedQuery("INSERT INTO api.api_keys (id, account_id, prefix, key_hash,"
                                + " created_at, expires_at, permissions) VALUES ($1, $2, $3, $4, now(), $5, $6)")
                        .execute(Tuple.tuple().addUUID(key.id).addUUID(accountId).addString(key.prefix)
                                .addString(key.keyHash).addOffsetDateTime(expiresAt)
                                .addArrayOfString(permissions.toArray(String[]::new)))))
                .map(inserted -> new JsonObject()
                        .put("key_id", key.id.toString())
                        .put("account_id", accountId.toString())
                        .put("api_key", secret)
                        .put("prefix", key.prefix)
                        .put("permissions", new JsonArray(permissions))
                        .put("expires_at", expiresAt == null ? null : expiresAt.toString()))
                .invoke(() -> LOG.infof("key %s... issued for account %s", key.prefix, accountId));
    }

    /**
     * A new Standard Webhooks secret for the account, shown in the answer; the next attempt signs with it. The
     * previous secret stays valid for {@code overlap} (deliveries meanwhile carry a signature under each), so
     * receivers switch at their own moment within it; a zero overlap retires it at once.
     */
    public Uni<JsonObject> rotateWebhookSecret(UUID accountId, java.time.Duration overlap) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(random);
        return pool.preparedQuery("UPDATE api.accounts SET previous_webhook_secret = webhook_secret,"
                        + " previous_webhook_secret_until = now() + make_interval(secs => $3),"
                        + " webhook_secret = $2 WHERE id = $1 RETURNING previous_webhook_secret_until")
                .execute(Tuple.of(accountId, secret, (double) overlap.toSeconds()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiProblem(404, "No account " + accountId);
                    }
                    OffsetDateTime until = rows.iterator().next().getOffsetDateTime("previous_webhook_secret_until");
                    LOG.infof("webhook secret of account %s rotated; the previous one is valid until %s", accountId,
                            until);
                    return new JsonObject().put("account_id", accountId.toString()).put("webhook_secret", secret)
                            .put("previous_secret_valid_until", until.toInstant().toString());
                });
    }

    /** Revokes a key: refused at once by this replica, by the others within {@code export.accounts.auth.key-cache-ttl}. */
    public Uni<Void> revokeKey(UUID keyId) {
        return pool.preparedQuery("UPDATE api.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1"
                        + " RETURNING key_hash")
                .execute(Tuple.of(keyId))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiProblem(404, "No key " + keyId);
                    }
                    knownKeys.forgetKey(rows.iterator().next().getString("key_hash"));
                    LOG.infof("key %s revoked", keyId);
                })
                .replaceWithVoid();
    }

    /** Sets what the account may export: {@code entitled} null means every property. */
    public Uni<JsonObject> setEntitlement(UUID accountId, List<Long> entitled) {
        return pool.withTransaction(sql -> account(sql, accountId)
                .chain(() -> sql.preparedQuery("UPDATE api.accounts SET all_properties = $2 WHERE id = $1")
                        .execute(Tuple.of(accountId, entitled == null)))
                .chain(() -> replaceEntitlement(sql, accountId, entitled))
                .chain(() -> account(sql, accountId)));
    }

    public Uni<JsonObject> setLimits(UUID accountId, Integer monthlyQuota, Integer rateLimitPerMinute) {
        return pool.withTransaction(sql -> account(sql, accountId)
                .chain(() -> sql.preparedQuery("UPDATE api.accounts SET monthly_quota = coalesce($2, monthly_quota),"
                                + " rate_limit_per_minute = coalesce($3, rate_limit_per_minute) WHERE id = $1")
                        .execute(Tuple.of(accountId, monthlyQuota, rateLimitPerMinute)))
                .chain(() -> account(sql, accountId)))
                .invoke(() -> knownKeys.forgetAccount(accountId));
    }

    private static Uni<Void> replaceEntitlement(SqlClient sql, UUID accountId, List<Long> entitled) {
        return sql.preparedQuery("DELETE FROM api.account_properties WHERE account_id = $1").execute(Tuple.of(accountId))
                .chain(() -> entitled == null || entitled.isEmpty() ? Uni.createFrom().voidItem()
                        : sql.preparedQuery("INSERT INTO api.account_properties (account_id, property_id)"
                                        + " SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(accountId, entitled.toArray(Long[]::new))).replaceWithVoid());
    }

    private static Uni<JsonObject> account(SqlClient sql, UUID accountId) {
        return sql.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM api.accounts WHERE id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ApiProblem(404, "No account " + accountId);
                    }
                    return toJson(rows.iterator().next());
                })
                .chain(account -> sql.preparedQuery("SELECT property_id FROM api.account_properties"
                                + " WHERE account_id = $1 ORDER BY property_id").execute(Tuple.of(accountId))
                        .map(ids -> {
                            JsonArray list = new JsonArray();
                            ids.forEach(row -> list.add(row.getLong(0)));
                            return account.put("property_ids", account.getBoolean("all_properties") ? null : list);
                        }));
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
                .put("account_id", row.getUUID("id").toString())
                .put("name", row.getString("name"))
                .put("created_at", row.getOffsetDateTime("created_at").toString())
                .put("all_properties", row.getBoolean("all_properties"))
                .put("monthly_quota", row.getInteger("monthly_quota"))
                .put("rate_limit_per_minute", row.getInteger("rate_limit_per_minute"));
    }
}
