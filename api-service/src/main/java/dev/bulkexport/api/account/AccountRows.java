package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.PgArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The one way to {@code api.accounts} and {@code api.account_properties} (an account's entitlement), on the reactive
 * SQL client: read in the hot paths (authentication, the create's entitlement check) and written by the admin API.
 */
@ApplicationScoped
class AccountRows {
    private static final String COLUMNS = "id, name, created_at, all_properties, monthly_quota, rate_limit_per_minute";
    private static final String SELECT = "SELECT " + COLUMNS + ", max_unfinished_jobs, max_running_shards, CASE WHEN all_properties THEN '{}'::bigint[]"
            + " ELSE ARRAY(SELECT property_id FROM api.account_properties p WHERE p.account_id = a.id"
            + " ORDER BY property_id) END FROM api.accounts a";

    /** Inserts a new account with its webhook signing secret (sealed); false when one of that name exists. */
    Uni<Boolean> insert(SqlClient sql, UUID id, String name, int monthlyQuota, int rateLimitPerMinute,
            boolean allProperties, String sealedWebhookSecret) {
        return sql.preparedQuery("INSERT INTO api.accounts (" + COLUMNS + ", webhook_secret)"
                        + " VALUES ($1, $2, now(), $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(id, name, allProperties, monthlyQuota, rateLimitPerMinute, sealedWebhookSecret))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Account> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(SELECT + " WHERE id = $1").execute(Tuple.of(id)).map(AccountRows::first);
    }

    Uni<Account> findByName(SqlClient sql, String name) {
        return sql.preparedQuery(SELECT + " WHERE name = $1").execute(Tuple.of(name)).map(AccountRows::first);
    }

    Uni<List<Account>> all(SqlClient sql) {
        return sql.query(SELECT + " ORDER BY created_at").execute().map(rows -> {
            List<Account> accounts = new ArrayList<>();
            rows.forEach(row -> accounts.add(account(row)));
            return accounts;
        });
    }

    /** Sets what the account may export: {@code entitled} null means every property; false when there is none. */
    Uni<Boolean> setEntitlement(SqlClient sql, UUID id, List<Long> entitled) {
        return sql.preparedQuery("UPDATE api.accounts SET all_properties = $2 WHERE id = $1")
                .execute(Tuple.of(id, entitled == null))
                .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().item(false)
                        : sql.preparedQuery("DELETE FROM api.account_properties WHERE account_id = $1")
                                .execute(Tuple.of(id))
                                .chain(() -> entitled == null || entitled.isEmpty() ? Uni.createFrom().voidItem()
                                        : sql.preparedQuery("INSERT INTO api.account_properties (account_id,"
                                                        + " property_id) SELECT $1, unnest($2::bigint[])"
                                                        + " ON CONFLICT DO NOTHING")
                                                .execute(Tuple.of(id, PgArrays.bigintArray(entitled)))
                                                .replaceWithVoid())
                                .replaceWith(true));
    }

    /**
     * Changes the limits given (null: kept) and the caps changed (a null value: the configured default again); false
     * when there is no such account.
     */
    Uni<Boolean> setLimits(SqlClient sql, UUID id, Integer monthlyQuota, Integer rateLimitPerMinute,
            Cap maxUnfinishedJobs, Cap maxRunningShards) {
        return sql.preparedQuery("UPDATE api.accounts SET monthly_quota = coalesce($2, monthly_quota),"
                        + " rate_limit_per_minute = coalesce($3, rate_limit_per_minute),"
                        + " max_unfinished_jobs = CASE WHEN $4 THEN $5::integer ELSE max_unfinished_jobs END,"
                        + " max_running_shards = CASE WHEN $6 THEN $7::integer ELSE max_running_shards END"
                        + " WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(id, monthlyQuota, rateLimitPerMinute, maxUnfinishedJobs.change(),
                        maxUnfinishedJobs.value(), maxRunningShards.change(), maxRunningShards.value())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** One of an account's own caps in a change of its limits: {@link #KEEP}, or its new value (null: the default). */
    record Cap(boolean change, Integer value) {
        static final Cap KEEP = new Cap(false, null);

        static Cap of(Integer value) {
            return new Cap(true, value);
        }
    }

    /**
     * Makes {@code secret} (sealed) the account's webhook signing secret, the one before it valid for {@code overlap}; when
     * the previous one stops being valid, or null when there is no such account.
     */
    Uni<Instant> rotateWebhookSecret(SqlClient sql, UUID id, String secret, Duration overlap) {
        return sql.preparedQuery("UPDATE api.accounts SET previous_webhook_secret = webhook_secret,"
                        + " previous_webhook_secret_until = now() + make_interval(secs => $3),"
                        + " webhook_secret = $2 WHERE id = $1 RETURNING previous_webhook_secret_until")
                .execute(Tuple.of(id, secret, (double) overlap.toSeconds()))
                .map(rows -> rows.rowCount() == 0 ? null
                        : rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** An account's stored webhook signing secrets (the previous one null when there is none). */
    record StoredWebhookSecrets(UUID accountId, String current, String previous) {
    }

    /**
     * Up to {@code limit} accounts after {@code after} (in id order; null: from the first) whose current or previous
     * webhook secret does not begin with {@code currentPrefix}: in plain text or sealed with another key.
     */
    Uni<List<StoredWebhookSecrets>> webhookSecretsNotSealedWith(SqlClient sql, String currentPrefix, UUID after,
            int limit) {
        return sql.preparedQuery("SELECT id, webhook_secret, previous_webhook_secret FROM api.accounts"
                        + " WHERE ($2::uuid IS NULL OR id > $2) AND (left(webhook_secret, length($1)) <> $1"
                        + " OR left(previous_webhook_secret, length($1)) <> $1) ORDER BY id LIMIT $3")
                .execute(Tuple.of(currentPrefix, after, limit))
                .map(rows -> {
                    List<StoredWebhookSecrets> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new StoredWebhookSecrets(row.getUUID(0), row.getString(1),
                            row.getString(2))));
                    return found;
                });
    }

    /**
     * Replaces the account's current (or previous) webhook secret {@code before} with {@code after}; false when the
     * column holds something else by now (another replica or a rotation changed it first).
     */
    Uni<Boolean> replaceWebhookSecret(SqlClient sql, UUID id, boolean previous, String before, String after) {
        String column = previous ? "previous_webhook_secret" : "webhook_secret";
        return sql.preparedQuery("UPDATE api.accounts SET " + column + " = $3 WHERE id = $1 AND " + column + " = $2")
                .execute(Tuple.of(id, before, after))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Those of the ids the account may not export, in the order given: none for an account of every property. */
    Uni<List<Long>> notEntitled(SqlClient sql, UUID id, List<Long> propertyIds) {
        return sql.preparedQuery("""
                        SELECT p.id FROM unnest($2::bigint[]) WITH ORDINALITY AS p (id, n)
                         WHERE NOT (SELECT all_properties FROM api.accounts WHERE id = $1)
                           AND NOT EXISTS (SELECT 1 FROM api.account_properties e
                                            WHERE e.account_id = $1 AND e.property_id = p.id)
                         ORDER BY p.n""")
                .execute(Tuple.of(id, PgArrays.bigintArray(propertyIds)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong(0)));
                    return ids;
                });
    }

    private static Account first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        return rows.size() == 0 ? null : account(rows.iterator().next());
    }

    private static Account account(Row row) {
        return new Account(row.getUUID(0), row.getString(1), row.getOffsetDateTime(2), row.getBoolean(3),
                row.getInteger(4), row.getInteger(5), row.getInteger(6), row.getInteger(7), List.of(row.getArrayOfLongs(8)));
    }
}
