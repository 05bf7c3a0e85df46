package dev.bulkexport.api.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.testsupport.ServiceRoles;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The services' own logins (deploy/postgres/service-roles.sql and this service's migrations) on real PostgreSQL:
 * each reads and writes only what it uses.
 */
@QuarkusTest
class ServiceRolesTest {
    private static final String PERMISSION_DENIED = "42501";

    private static Connection as(String role) throws SQLException {
        return DriverManager.getConnection(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url",
                String.class), role, ServiceRoles.PASSWORDS.get(role));
    }

    private static void refused(Connection db, String sql) {
        assertThatThrownBy(() -> db.createStatement().execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(PERMISSION_DENIED);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void the_workers_login_reads_property_data_and_nothing_of_the_api() throws Exception {
        try (Connection worker = as(ServiceRoles.WORKER)) {
            assertThat(count(worker, "SELECT count(*) FROM property_data.properties")).isPositive();
            refused(worker, "SELECT count(*) FROM api.jobs");
            refused(worker, "SELECT count(*) FROM api.accounts");
            refused(worker, "SELECT count(*) FROM api.webhook_signing_keys");
            refused(worker, "UPDATE property_data.properties SET property_name = property_name WHERE false");
            refused(worker, "CREATE TABLE public.worker_was_here (id int)");
        }
    }

    @Test
    void the_notifiers_login_reads_the_signing_keys_view_and_cannot_read_or_write_api_tables() throws Exception {
        try (Connection notifier = as(ServiceRoles.NOTIFIER)) {
            assertThat(count(notifier, "SELECT count(*) FROM api.webhook_signing_keys")).isPositive();
            refused(notifier, "SELECT count(*) FROM api.accounts");
            refused(notifier, "SELECT count(*) FROM api.jobs");
            refused(notifier, "UPDATE api.accounts SET name = name WHERE false");
            refused(notifier, "INSERT INTO api.outbox SELECT * FROM api.outbox WHERE false");
            refused(notifier, "SELECT count(*) FROM property_data.properties");
        }
    }

    @Test
    void the_apis_login_reads_property_data_without_changing_it_and_keeps_out_of_the_notifiers_schema()
            throws Exception {
        try (Connection api = as(ServiceRoles.API)) {
            assertThat(count(api, "SELECT count(*) FROM property_data.properties")).isPositive();
            refused(api, "DELETE FROM property_data.properties WHERE false");
            refused(api, "SELECT count(*) FROM notifier.deliveries");
        }
    }
}
