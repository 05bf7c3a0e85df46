package dev.bulkexport.api;

import dev.bulkexport.api.account.ApiKey;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Accounts and keys written straight into the test database, as an operator's tool would. Every test class shares
 * one application and database: a test that counts, caps or lists what an account has makes an account of its own.
 */
public final class TestAccounts {
    public static final List<String> ALL_PERMISSIONS = List.of("exports:write", "exports:read", "properties:read");
    /**
     * The key the test profile registers at start-up ({@code export.accounts.bootstrap.api-key}), of the account
     * named "demo", which every test class shares and whose caps are the configured ones: for tests of that key and
     * for reads that depend on no account's jobs.
     */
    public static final String BOOTSTRAP_KEY = "pbe_test_key_for_api_service_tests";
    /**
     * No worker runs in these tests, so every job stays unfinished: an account's caps of work in flight are out of
     * reach unless its test sets them ({@link #withCaps}).
     */
    public static final int OUT_OF_REACH = 1_000_000;

    private TestAccounts() {
    }

    /** A new account with one key; returns the key. {@code entitled} null means all properties. */
    public static String create(int monthlyQuota, List<Long> entitled, List<String> permissions) throws Exception {
        return create(monthlyQuota, entitled, permissions, 600);
    }

    public static String create(int monthlyQuota, List<Long> entitled, List<String> permissions, int perMinute)
            throws Exception {
        return create(monthlyQuota, entitled, permissions, perMinute, OUT_OF_REACH, OUT_OF_REACH);
    }

    /** A new account of every property with one key and its own caps of unfinished jobs and running shards. */
    public static String withCaps(int maxUnfinishedJobs, int maxRunningShards) throws Exception {
        return create(10_000, null, ALL_PERMISSIONS, 600, maxUnfinishedJobs, maxRunningShards);
    }

    private static String create(int monthlyQuota, List<Long> entitled, List<String> permissions, int perMinute,
            int maxUnfinishedJobs, int maxRunningShards) throws Exception {
        UUID account = UUID.randomUUID();
        String key = "pbe_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = connect()) {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO api.accounts (id, name, created_at,"
                    + " all_properties, monthly_quota, rate_limit_per_minute, max_unfinished_jobs, max_running_shards,"
                    + " webhook_secret) VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, account);
                insert.setString(2, "account-" + account);
                insert.setBoolean(3, entitled == null);
                insert.setInt(4, monthlyQuota);
                insert.setInt(5, perMinute);
                insert.setInt(6, maxUnfinishedJobs);
                insert.setInt(7, maxRunningShards);
                insert.setString(8, sealedWebhookSecret(account));
                insert.executeUpdate();
            }
            if (entitled != null) {
                try (PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO api.account_properties (account_id, property_id) SELECT ?, unnest(?)")) {
                    insert.setObject(1, account);
                    insert.setArray(2, db.createArrayOf("bigint", entitled.toArray()));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO api.api_keys (id, account_id, prefix,"
                    + " key_hash, created_at, permissions) VALUES (?, ?, ?, ?, now(), ?)")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, account);
                insert.setString(3, key.substring(0, 16));
                insert.setString(4, ApiKey.hash(key));
                insert.setArray(5, db.createArrayOf("text", permissions.toArray()));
                insert.executeUpdate();
            }
        }
        return key;
    }

    public static String create() throws Exception {
        return create(10_000, null, ALL_PERMISSIONS);
    }

    /** A new webhook signing secret sealed for the account, as the api stores it (with the test profile's key). */
    public static String sealedWebhookSecret(UUID account) {
        return cipher().encrypt(WebhookSecrets.generate(), WebhookSecrets.context(account));
    }

    /** A webhook signing secret as stored for the account, opened with the test profile's key. */
    public static String openWebhookSecret(UUID account, String sealed) {
        return sealed == null ? null : cipher().decrypt(sealed, WebhookSecrets.context(account));
    }

    /** The cipher of the test profile's secrets key (the current one only). */
    public static SecretCipher cipher() {
        return SecretCipher.of(ConfigProvider.getConfig().getValue("export.secrets.destination-key", String.class),
                List.of());
    }

    /** The account that owns a job. */
    public static UUID accountOfJob(String jobId) throws Exception {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(
                "SELECT account_id FROM api.jobs WHERE id = '" + UUID.fromString(jobId) + "'")) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }

    public static Connection connect() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
