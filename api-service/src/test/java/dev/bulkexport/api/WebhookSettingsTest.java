package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import dev.bulkexport.testsupport.KafkaRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class WebhookSettingsTest {
    /** A new account's key for each test: the jobs it counts and the slots they take are its own. */
    private String key;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @BeforeEach
    void anAccountOfItsOwn() throws Exception {
        key = TestAccounts.create();
    }

    @ParameterizedTest(name = "{0} is refused at creation as {1}")
    @CsvSource({
        "http://127.0.0.1:8099/hook, loopback",
        "http://localhost/hook, public addresses only",
        "http://100.64.0.1/hook, non-global",
        "http://[64:ff9b::a00:1]/hook, non-global",
        "http://2130706433/hook, loopback",
        "http://0x7f000001/hook, loopback",
        "http://0177.0.0.1/hook, loopback",
        "http://[::1]/hook, loopback",
        "http://[::ffff:127.0.0.1]/hook, loopback",
        "http://10.0.0.8/hook, private",
        "http://172.16.0.1/hook, private",
        "http://192.168.0.10/hook, private",
        "http://[fd00::1]/hook, private",
        "http://169.254.169.254/latest/meta-data/, link-local",
        "http://[fe80::1]/hook, link-local",
        "http://224.0.0.251/hook, multicast",
        "http://0.0.0.0/hook, unspecified",
        "http://[::]/hook, unspecified",
        "ftp://93.184.216.34/hook, scheme",
        "https://user:secret@93.184.216.34/hook, user info",
    })
    void a_callback_url_to_a_forbidden_address_is_a_400_naming_the_rule(String url, String rule) {
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[1],"callback_url":"%s"}""".formatted(url))
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("message", allOf(containsString("callback_url"), containsString("(rule: " + rule + ")")));
    }

    /** A dry run never resolves the callback host: a slow DNS server could otherwise hold the event loop. */
    @Test
    void quota_impact_checks_the_callback_url_without_resolving_its_host() {
        String body = """
                {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                 "end_date":"2024-01-31","property_ids":[1],"callback_url":"https://%s/hook"}""";
        given().auth().oauth2(key).contentType(ContentType.JSON).body(body.formatted("no-such-host.invalid"))
                .when().post("/api/v1/bulk_api/jobs/quota_impact")
                .then().statusCode(200);
        given().auth().oauth2(key).contentType(ContentType.JSON).body(body.formatted("10.0.0.8"))
                .when().post("/api/v1/bulk_api/jobs/quota_impact")
                .then().statusCode(400).body("message", containsString("(rule: private)"));
    }

    @Test
    void a_callback_host_that_does_not_resolve_is_refused_like_an_internal_one() {
        String body = """
                {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                 "end_date":"2024-01-31","property_ids":[1],"callback_url":"https://%s/hook"}""";
        String unresolvable = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(body.formatted("no-such-host.invalid")).when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(400).extract().path("message");
        String internal = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(body.formatted("localhost")).when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(400).extract().path("message");

        assertThat(internal.replace("localhost", "no-such-host.invalid")).isEqualTo(unresolvable);
    }

    @Test
    void a_public_callback_url_is_accepted() {
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[1],"callback_url":"https://93.184.216.34/hook"}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201)
                .body("callback_url", equalTo("https://93.184.216.34/hook"));
    }

    @Test
    void webhook_attempts_from_the_notifier_show_on_the_job_once_and_in_order() throws Exception {
        String jobId = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[1],"callback_url":"https://93.184.216.34/hook"}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).body("webhook", equalTo(null))
                .extract().path("job_id");
        UUID job = UUID.fromString(jobId);
        UUID account = accountOf(job);
        String webhookId = "msg_" + job + "_succeeded";
        Instant first = Instant.parse("2026-01-01T10:00:00Z");
        WebhookAttempted failed = WebhookAttempted.of(job, account, webhookId, 1, first, WebhookStatus.PENDING, 503, "HTTP 503",
                first.plusSeconds(5));
        WebhookAttempted delivered = WebhookAttempted.of(job, account, webhookId, 2, first.plusSeconds(5),
                WebhookStatus.DELIVERED, 200, null, null);

        KafkaRecords.send(Topics.WEBHOOK_ATTEMPTS, jobId, EventCodec.encode(failed));
        KafkaRecords.send(Topics.WEBHOOK_ATTEMPTS, jobId, EventCodec.encode(delivered));
        KafkaRecords.send(Topics.WEBHOOK_ATTEMPTS, jobId, EventCodec.encode(failed));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(key)
                .when().get("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200)
                .body("webhook.status", equalTo("delivered"))
                .body("webhook.attempts", equalTo(2))
                .body("webhook.last_attempt_at", equalTo("2026-01-01T10:00:05Z"))
                .body("webhook.last_response_status", equalTo(200)));
    }

    @Test
    void a_redelivery_of_an_outcome_webhook_is_accepted_and_sent_to_the_notifier_with_the_same_webhook_id()
            throws Exception {
        String jobId = createJob("\"https://93.184.216.34/hook\"");
        given().auth().oauth2(key).when().post("/api/v1/bulk_api/jobs/" + jobId + "/webhook/redeliver")
                .then().statusCode(409).contentType("application/problem+json")
                .body("message", containsString("no outcome yet"));
        complete(jobId);

        given().auth().oauth2(key).when().post("/api/v1/bulk_api/jobs/" + jobId + "/webhook/redeliver")
                .then().statusCode(202)
                .body("job_id", equalTo(jobId))
                .body("webhook.status", equalTo("pending"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                KafkaRecords.readAll(Topics.WEBHOOK_REDELIVERY_REQUESTED).stream()
                        .filter(r -> jobId.equals(r.key()))
                        .map(r -> (WebhookRedeliveryRequested) EventCodec.decode(r.value())).toList())
                .singleElement().satisfies(request -> {
                    assertThat(request.webhookId()).isEqualTo("msg_" + jobId + "_succeeded");
                    assertThat(request.accountId()).isEqualTo(accountOf(UUID.fromString(jobId)));
                }));
    }

    @Test
    void a_redelivery_is_409_without_a_callback_and_404_for_another_accounts_job() throws Exception {
        String withoutCallback = createJob("null");
        complete(withoutCallback);
        given().auth().oauth2(key).when().post("/api/v1/bulk_api/jobs/" + withoutCallback + "/webhook/redeliver")
                .then().statusCode(409).body("message", containsString("no callback_url"));

        String otherKey = "pbe_other_account_" + UUID.randomUUID();
        UUID otherAccount = UUID.randomUUID();
        try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            connection.createStatement().execute("INSERT INTO api.accounts (id, name, created_at, webhook_secret)"
                    + " VALUES ('" + otherAccount + "', 'other-" + otherAccount + "', now(), '"
                    + TestAccounts.sealedWebhookSecret(otherAccount) + "')");
            connection.createStatement().execute("INSERT INTO api.api_keys (id, account_id, prefix, key_hash,"
                    + " created_at) VALUES ('" + UUID.randomUUID() + "', '" + otherAccount + "', 'pbe_other_', '"
                    + dev.bulkexport.api.account.ApiKey.hash(otherKey) + "', now())");
        }
        String othersJob = createJob("\"https://93.184.216.34/hook\"");
        complete(othersJob);
        given().auth().oauth2(otherKey).when().post("/api/v1/bulk_api/jobs/" + othersJob + "/webhook/redeliver")
                .then().statusCode(404);
    }

    private String createJob(String callbackJson) {
        return given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[1],"callback_url":%s}""".formatted(callbackJson))
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
    }

    /** Lets a worker report the job succeeded, and waits until the API shows it. */
    private void complete(String jobId) throws Exception {
        UUID job = UUID.fromString(jobId);
        UUID account = accountOf(job);
        String file = "property_2024-01-01_2024-01-31.csv";
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(JobCompleted.succeeded(job, account, 1,
                10, "ab".repeat(32), "exports/" + account + "/" + jobId + "/" + file, file)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(key)
                .when().get("/api/v1/bulk_api/jobs/" + jobId).then().body("status", equalTo("succeeded")));
    }

    private UUID accountOf(UUID job) throws Exception {
        try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var rs = connection.createStatement().executeQuery(
                        "SELECT account_id FROM api.jobs WHERE id = '" + job + "'")) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }

    @Test
    void the_bootstrap_account_has_a_whsec_secret_published_only_in_the_signing_keys_view() throws Exception {
        try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var rs = connection.createStatement().executeQuery("SELECT k.secret, k.account_id"
                        + " FROM api.webhook_signing_keys k JOIN api.accounts a ON a.id = k.account_id WHERE a.name = 'demo'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("stored sealed").startsWith("v2:").doesNotContain("whsec_");
            String secret = TestAccounts.openWebhookSecret(rs.getObject(2, UUID.class), rs.getString(1));
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        }
    }
}
