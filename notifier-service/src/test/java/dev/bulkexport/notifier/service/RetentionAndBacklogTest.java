package dev.bulkexport.notifier.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attempts published two weeks ago go, recent and unpublished ones stay; the backlog gauges count the deliveries
 * still to make. No broker answers here, so the relay publishes nothing and no consumer writes a delivery.
 */
@QuarkusTest
@TestProfile(RetentionAndBacklogTest.NoBroker.class)
class RetentionAndBacklogTest {

    /**
     * A notifier of its own, with no broker and no dispatcher: the backlog gauges count every delivery of the
     * database, so nothing but the test may change one while it measures, and a relay that reaches a broker would
     * publish the unpublished attempt. The deliveries other tests left are all delivered or failed.
     */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + ExportStack.freePort(),
                    // Nothing is dispatched, not even at start-up, while the test reads the backlog.
                    "notifier.poll-interval", "off");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class));
        }
    }

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;
    @Inject
    RetentionService retention;
    @Inject
    DeliveryBacklog backlog;
    private final List<String> webhooks = new ArrayList<>();

    /** The database outlives this application: a delivery left due would be sent by the next one. */
    @AfterEach
    void deleteWhatTheTestWrote() throws Exception {
        for (String webhook : webhooks) {
            sql("DELETE FROM notifier.attempts WHERE webhook_id = '" + webhook + "'");
            sql("DELETE FROM notifier.deliveries WHERE webhook_id = '" + webhook + "'");
        }
    }

    @Test
    void attempts_published_over_two_weeks_ago_go_and_recent_or_unpublished_ones_stay() throws Exception {
        String webhook = delivery("pending", "now() + interval '1 hour'");
        UUID old = attempt(webhook, 1, "now() - interval '15 days'");
        UUID recent = attempt(webhook, 2, "now() - interval '13 days'");
        UUID unpublished = attempt(webhook, 3, "NULL");

        retention.sweep().await().indefinitely();

        assertThat(attemptExists(old)).isFalse();
        assertThat(attemptExists(recent)).isTrue();
        assertThat(attemptExists(unpublished)).isTrue();
        assertThat(metric("bulk_export_retention_deleted_total{table=\"notifier.attempts\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void the_backlog_counts_pending_deliveries_and_those_overdue() throws Exception {
        backlog.measure().await().indefinitely();
        double pendingBefore = metric("bulk_export_webhook_deliveries_pending");
        double dueBefore = metric("bulk_export_webhook_deliveries_due");
        delivery("pending", "now() - interval '10 minutes'");
        delivery("pending", "now() + interval '1 hour'");
        delivery("delivered", "NULL");

        backlog.measure().await().indefinitely();

        assertThat(metric("bulk_export_webhook_deliveries_pending")).isEqualTo(pendingBefore + 2);
        assertThat(metric("bulk_export_webhook_deliveries_due")).isEqualTo(dueBefore + 1);
        assertThat(metric("bulk_export_webhook_deliveries_oldest_due_seconds")).isGreaterThanOrEqualTo(600);
    }

    private String delivery(String status, String nextAttemptAt) throws Exception {
        String webhookId = "msg_" + UUID.randomUUID();
        sql("INSERT INTO notifier.deliveries (webhook_id, job_id, account_id, callback_url, payload, status, attempts,"
                + " round_attempts, next_attempt_at, created_at, updated_at) VALUES ('" + webhookId + "', '"
                + UUID.randomUUID() + "', '" + UUID.randomUUID() + "', 'https://example.com/hook', '{}', '" + status
                + "', 0, 0, " + nextAttemptAt + ", now(), now())");
        webhooks.add(webhookId);
        return webhookId;
    }

    private UUID attempt(String webhookId, int number, String publishedAt) throws Exception {
        UUID eventId = UUID.randomUUID();
        sql("INSERT INTO notifier.attempts (event_id, webhook_id, job_id, account_id, attempt, attempted_at,"
                + " delivery_status, payload, published_at) VALUES ('" + eventId + "', '" + webhookId + "', '"
                + UUID.randomUUID() + "', '" + UUID.randomUUID() + "', " + number
                + ", now() - interval '20 days', 'pending', '{}', " + publishedAt + ")");
        return eventId;
    }

    private boolean attemptExists(UUID eventId) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement query = db.prepareStatement("SELECT 1 FROM notifier.attempts WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void sql(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.createStatement().execute(sql);
        }
    }

    /** The value of the first exported sample whose line starts with this name (and labels). */
    private static double metric(String prefix) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix + " ") || line.startsWith(prefix + "{") || line.startsWith(prefix + ",") || line.startsWith(prefix + "}"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + prefix));
    }
}
