package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The services' own PostgreSQL logins (deploy/postgres/service-roles.sql, the script deployments run), created on a
 * local or test server after its property data is loaded, with local-only passwords.
 */
public final class ServiceRoles {
    public static final String API = "bulk_export_api";
    public static final String WORKER = "bulk_export_worker";
    public static final String NOTIFIER = "bulk_export_notifier";
    /** Local-only passwords: the server listens on loopback and holds demo data only. */
    public static final Map<String, String> PASSWORDS = Map.of(API, "local-only-api", WORKER, "local-only-worker",
            NOTIFIER, "local-only-notifier");

    private ServiceRoles() {
    }

    /** Runs the roles script as the server's owner and sets the local passwords; safe to run again. */
    public static void create(String jdbcUrl, String user, String password) {
        String script;
        try {
            script = Files.readString(ProjectLayout.root().resolve("deploy/postgres/service-roles.sql"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service roles script", e);
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = db.createStatement()) {
            statement.execute(script);
            for (var role : PASSWORDS.entrySet()) {
                statement.execute("ALTER ROLE " + role.getKey() + " PASSWORD '" + role.getValue() + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the service roles: " + e.getMessage(), e);
        }
    }
}
