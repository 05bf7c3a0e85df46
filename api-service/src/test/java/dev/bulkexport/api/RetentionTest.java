package dev.bulkexport.api;

import dev.bulkexport.api.platform.RetentionService;

import static dev.bulkexport.testsupport.JobRequests.aJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retention sweep deletes old published events, old applied-event ids, expired idempotency keys and the quota
 * rows of months long past only.
 */
@QuarkusTest
@TestProfile(NoBrokerProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class RetentionTest {
    @Inject
    RetentionService retention;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void published_events_older_than_a_week_go_and_recent_or_unpublished_ones_stay() throws Exception {
        UUID oldSent = outboxRow("now() - interval '30 days'", "now() - interval '8 days'");
        UUID recentSent = outboxRow("now() - interval '2 days'", "now() - interval '1 day'");
        UUID oldUnsent = outboxRow("now() - interval '30 days'", "NULL");

        retention.sweep().await().indefinitely();

        assertThat(exists("api.outbox", "event_id", oldSent)).isFalse();
        assertThat(exists("api.outbox", "event_id", recentSent)).isTrue();
        assertThat(exists("api.outbox", "event_id", oldUnsent)).isTrue();
        given().baseUri(management.toString()).get("metrics").then().statusCode(200).extract().asString()
                .lines().filter(line -> line.startsWith("bulk_export_retention_deleted_total{table=\"api.outbox\""))
                .forEach(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void applied_event_ids_stay_two_weeks() throws Exception {
        UUID old = processedEvent("now() - interval '15 days'");
        UUID recent = processedEvent("now() - interval '13 days'");

        retention.sweep().await().indefinitely();

        assertThat(exists("api.processed_events", "event_id", old)).isFalse();
        assertThat(exists("api.processed_events", "event_id", recent)).isTrue();
    }

    @Test
    void an_idempotency_key_goes_after_its_24_hours_and_its_job_stays() throws Exception {
        String apiKey = TestAccounts.create();
        String expired = create(apiKey, "expired-" + UUID.randomUUID());
        String live = create(apiKey, "live-" + UUID.randomUUID());
        try (Connection db = TestAccounts.connect(); PreparedStatement age = db.prepareStatement(
                "UPDATE api.idempotency_keys SET created_at = now() - interval '25 hours' WHERE job_id = ?")) {
            age.setObject(1, UUID.fromString(expired));
            age.executeUpdate();
        }

        retention.sweep().await().indefinitely();

        assertThat(exists("api.idempotency_keys", "job_id", UUID.fromString(expired))).isFalse();
        assertThat(exists("api.idempotency_keys", "job_id", UUID.fromString(live))).isTrue();
        given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + expired).then().statusCode(200);
    }

    @Test
    void quota_rows_go_once_their_month_began_400_days_ago_and_this_months_keep_counting() throws Exception {
        String apiKey = TestAccounts.create();
        UUID job = UUID.fromString(create(apiKey, "quota-" + UUID.randomUUID()));
        try (Connection db = TestAccounts.connect(); PreparedStatement past = db.prepareStatement("""
                INSERT INTO api.quota_usage (account_id, month, property_id, job_id)
                SELECT account_id, m.month, 999000 + m.n, id FROM api.jobs,
                       (VALUES (1, date_trunc('month', now() - interval '401 days')::date),
                               (2, date_trunc('month', now() - interval '330 days')::date)) AS m (n, month)
                 WHERE id = ?""")) {
            past.setObject(1, job);
            past.executeUpdate();
        }
        String ofTheJob = "SELECT count(*) FROM api.quota_usage WHERE job_id = '" + job + "' AND ";
        String thisMonthsRows = ofTheJob + "month = date_trunc('month', now() AT TIME ZONE 'UTC')::date";
        long thisMonth = count(thisMonthsRows);

        retention.sweep().await().indefinitely();

        assertThat(count(ofTheJob + "property_id = 999001")).as("a month begun 401 days ago").isZero();
        assertThat(count(ofTheJob + "property_id = 999002")).as("a month begun 330 days ago").isOne();
        assertThat(count(thisMonthsRows)).isEqualTo(thisMonth).isPositive();
        given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + job).then().statusCode(200);
    }

    private static long count(String sql) throws Exception {
        try (Connection db = TestAccounts.connect(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String create(String apiKey, String idempotencyKey) {
        return given().auth().oauth2(apiKey).header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON)
                .body(aJob().json()).post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
    }

    private static UUID outboxRow(String createdAt, String sentAt) throws Exception {
        UUID eventId = UUID.randomUUID();
        try (Connection db = TestAccounts.connect(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO api.outbox (topic, message_key, event_id, event_type, payload, created_at, sent_at)"
                        + " VALUES ('export.job.status', 'k', ?, 'JobStatusChanged', '{}', " + createdAt + ", "
                        + sentAt + ")")) {
            insert.setObject(1, eventId);
            insert.executeUpdate();
        }
        return eventId;
    }

    private static UUID processedEvent(String processedAt) throws Exception {
        UUID eventId = UUID.randomUUID();
        try (Connection db = TestAccounts.connect(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO api.processed_events (event_id, processed_at) VALUES (?, " + processedAt + ")")) {
            insert.setObject(1, eventId);
            insert.executeUpdate();
        }
        return eventId;
    }

    private static boolean exists(String table, String column, UUID id) throws Exception {
        try (Connection db = TestAccounts.connect(); PreparedStatement query = db.prepareStatement(
                "SELECT 1 FROM " + table + " WHERE " + column + " = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
