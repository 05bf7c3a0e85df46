package dev.bulkexport.api;

import dev.bulkexport.api.account.ApiKey;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Accounts and keys written straight into the test database, as an operator's tool would. */
public final class TestAccounts {
    public static final List<String> ALL_PERMISSIONS = List.of("exports:write", "exports:read", "properties:read");

    private TestAccounts() {
    }

    /** A new account with one key; returns the key. {@code entitled} null means all properties. */
    public static String create(int monthlyQuota, List<Long> entitled, List<String> permissions) throws Exception {
        return create(monthlyQuota, entitled, permissions, 600);
    }

    public static String create(int monthlyQuota, List<Long> entitled, List<String> permissions, int perMinute)
            throws Exception {
        UUID account = UUID.randomUUID();
        String key = "pbe_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = connect()) {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO api.accounts (id, name, created_at,"
                    + " all_properties, monthly_quota, rate_limit_per_minute) VALUES (?, ?, now(), ?, ?, ?)")) {
                insert.setObject(1, account);
                insert.setString(2, "account-" + account);
                insert.setBoolean(3, entitled == null);
                insert.setInt(4, monthlyQuota);
                insert.setInt(5, perMinute);
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
