package dev.bulkexport.api;

import dev.bulkexport.api.account.AccountConfig;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.KafkaRecords;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminApiTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String BODY = """
            {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
             "property_ids":[%s]}""";

    /** Somewhere on the management port (Quarkus puts its root path, /q, in front). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    AccountConfig config;

    @Test
    void an_operator_creates_an_account_issues_a_key_that_works_at_once_and_revokes_it() {
        String account = admin().contentType(ContentType.JSON)
                .body("{\"name\":\"acme-" + UUID.randomUUID() + "\",\"monthly_quota\":50,\"property_ids\":[1,2]}")
                .post("/accounts")
                .then().statusCode(201)
                .body("monthly_quota", equalTo(50))
                .body("all_properties", equalTo(false))
                .body("property_ids", equalTo(java.util.List.of(1, 2)))
                .extract().path("account_id");
        var key = admin().contentType(ContentType.JSON).body("{\"permissions\":[\"exports:read\",\"exports:write\"]}")
                .post("/accounts/" + account + "/keys")
                .then().statusCode(201)
                .body("api_key", startsWith("pbe_live_"))
                .extract().jsonPath();
        String secret = key.getString("api_key");

        given().auth().oauth2(secret).contentType(ContentType.JSON).body(BODY.formatted("1,2")).post(JOBS)
                .then().statusCode(201);
        given().auth().oauth2(secret).contentType(ContentType.JSON).body(BODY.formatted("3")).post(JOBS)
                .then().statusCode(403).body("message", containsString("3"));

        admin().contentType(ContentType.JSON).body("{\"property_ids\":null}").put("/accounts/" + account + "/entitlement")
                .then().statusCode(200).body("all_properties", equalTo(true)).body("property_ids", nullValue());
        given().auth().oauth2(secret).contentType(ContentType.JSON).body(BODY.formatted("3")).post(JOBS)
                .then().statusCode(201);

        admin().delete("/keys/" + key.getString("key_id")).then().statusCode(204);
        given().auth().oauth2(secret).get(JOBS).then().statusCode(401);
    }

    @Test
    void a_key_is_refused_from_its_expiry_on_though_this_replica_remembers_it() {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"exp-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        Instant expiry = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        String secret = admin().contentType(ContentType.JSON).body("{\"expires_at\":\"" + expiry + "\"}")
                .post("/accounts/" + account + "/keys").then().statusCode(201).extract().path("api_key");
        given().auth().oauth2(secret).get(JOBS).then().statusCode(200);

        await().atMost(Duration.ofSeconds(6)).until(() -> Instant.now().isAfter(expiry));
        given().auth().oauth2(secret).get(JOBS).then().statusCode(401)
                .body("message", equalTo("Missing or invalid bearer token"));
    }

    @Test
    void a_key_revoked_in_the_database_by_another_replica_is_refused_within_the_key_cache_ttl() throws Exception {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"rev-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        String secret = admin().contentType(ContentType.JSON).body("{}").post("/accounts/" + account + "/keys")
                .then().statusCode(201).extract().path("api_key");
        given().auth().oauth2(secret).get(JOBS).then().statusCode(200);

        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("UPDATE api.api_keys SET revoked_at = now()"
                    + " WHERE account_id = '" + account + "'");
        }
        await().atMost(config.auth().keyCacheTtl().plusSeconds(3)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().auth().oauth2(secret).get(JOBS).then().statusCode(401));
    }

    @Test
    void a_new_rate_limit_applies_at_once_on_the_replica_that_set_it() {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"lim-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        String secret = admin().contentType(ContentType.JSON).body("{}").post("/accounts/" + account + "/keys")
                .then().statusCode(201).extract().path("api_key");
        given().auth().oauth2(secret).get(JOBS).then().statusCode(200).header("X-RateLimit-Limit", "600");

        admin().contentType(ContentType.JSON).body("{\"rate_limit_per_minute\":5}").put("/accounts/" + account + "/limits")
                .then().statusCode(200);
        given().auth().oauth2(secret).get(JOBS).then().statusCode(200).header("X-RateLimit-Limit", "5");
    }

    @Test
    void an_accounts_own_cap_of_unfinished_jobs_refuses_the_create_beyond_it_and_null_restores_the_default() {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"cap-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201)
                .body("max_unfinished_jobs", nullValue()).body("max_running_shards", nullValue())
                .extract().path("account_id");
        String secret = admin().contentType(ContentType.JSON).body("{}").post("/accounts/" + account + "/keys")
                .then().statusCode(201).extract().path("api_key");

        admin().contentType(ContentType.JSON).body("{\"max_unfinished_jobs\":2}").put("/accounts/" + account + "/limits")
                .then().statusCode(200).body("max_unfinished_jobs", equalTo(2))
                .body("max_running_shards", nullValue()).body("monthly_quota", equalTo(10_000));
        for (int i = 0; i < 2; i++) {
            createJob(secret).then().statusCode(201);
        }
        createJob(secret).then().statusCode(429).body("max_unfinished_jobs", equalTo(2))
                .body("message", containsString("max_unfinished_jobs = 2"));

        // Absent members stay; null gives the account the configured cap (100) again.
        admin().contentType(ContentType.JSON).body("{\"rate_limit_per_minute\":500}")
                .put("/accounts/" + account + "/limits").then().statusCode(200).body("max_unfinished_jobs", equalTo(2));
        admin().contentType(ContentType.JSON).body("{\"max_unfinished_jobs\":null}")
                .put("/accounts/" + account + "/limits").then().statusCode(200)
                .body("max_unfinished_jobs", nullValue()).body("rate_limit_per_minute", equalTo(500));
        createJob(secret).then().statusCode(201);

        admin().contentType(ContentType.JSON).body("{\"max_unfinished_jobs\":0}").put("/accounts/" + account + "/limits")
                .then().statusCode(400).body("message", containsString("max_unfinished_jobs"));
        admin().contentType(ContentType.JSON).body("{\"max_running_shards\":\"4\"}")
                .put("/accounts/" + account + "/limits").then().statusCode(400)
                .body("message", containsString("max_running_shards"));
    }

    @Test
    void an_accounts_own_cap_of_running_shards_holds_its_jobs_back_and_null_restores_the_default() throws Exception {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"run-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        String secret = admin().contentType(ContentType.JSON).body("{}").post("/accounts/" + account + "/keys")
                .then().statusCode(201).extract().path("api_key");
        admin().contentType(ContentType.JSON).body("{\"max_running_shards\":1}").put("/accounts/" + account + "/limits")
                .then().statusCode(200).body("max_running_shards", equalTo(1));

        String first = createJob(secret).then().statusCode(201).extract().path("job_id");
        String second = createJob(secret).then().statusCode(201).extract().path("job_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> submitted(first) || submitted(second));
        String held = submitted(first) ? second : first;
        // Handed out after both were queued: the round that did so found no free slot for the one held back.
        String othersJob = createJob(TestAccounts.create()).then().statusCode(201).extract().path("job_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> submitted(othersJob));
        org.assertj.core.api.Assertions.assertThat(submitted(held)).isFalse();

        admin().contentType(ContentType.JSON).body("{\"max_running_shards\":null}")
                .put("/accounts/" + account + "/limits").then().statusCode(200).body("max_running_shards", nullValue());
        await().atMost(Duration.ofSeconds(30)).until(() -> submitted(held));
    }

    private static io.restassured.response.Response createJob(String secret) {
        return given().auth().oauth2(secret).contentType(ContentType.JSON).body(BODY.formatted("1")).post(JOBS);
    }

    /** Whether the job (of one shard) was handed to the workers: its work record is on the topic. */
    private static boolean submitted(String jobId) {
        return KafkaRecords.readAll(Topics.SHARD_SUBMITTED).stream().anyMatch(record -> jobId.equals(record.key()));
    }

    @Test
    void admin_answers_carry_nosniff_and_no_store_and_times_are_rfc_3339_with_seconds() {
        given().baseUri(adminUri()).get("/accounts").then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"hdr-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store")
                .body("created_at", org.hamcrest.Matchers.matchesPattern(RFC_3339))
                .extract().path("account_id");
        admin().contentType(ContentType.JSON).body("{\"expires_at\":\"2099-12-31T00:00:00Z\"}")
                .post("/accounts/" + account + "/keys").then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("expires_at", equalTo("2099-12-31T00:00:00Z"));
        admin().contentType(ContentType.JSON).body("{\"expires_at\":\"2099-06-30T12:00:00+02:00\"}")
                .post("/accounts/" + account + "/keys").then().statusCode(201)
                .body("expires_at", equalTo("2099-06-30T10:00:00Z"));
        admin().get("/nothing-here").then().statusCode(404)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
    }

    private static final String RFC_3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @Test
    void the_admin_api_wants_its_own_token_and_names_bad_fields() {
        given().baseUri(adminUri()).get("/accounts").then().statusCode(401);
        given().baseUri(adminUri()).auth().oauth2(TestAccounts.BOOTSTRAP_KEY).get("/accounts").then().statusCode(401);
        admin().contentType(ContentType.JSON).body("{\"name\":\"\"}").post("/accounts")
                .then().statusCode(400).body("message", containsString("name"));
        admin().contentType(ContentType.JSON).body("{\"name\":\"x\",\"monthly_quota\":-1}").post("/accounts")
                .then().statusCode(400).body("message", containsString("monthly_quota"));
        admin().contentType(ContentType.JSON).body("{nope").post("/accounts")
                .then().statusCode(400).body("message", containsString("JSON"));
        admin().contentType(ContentType.JSON).body("{\"permissions\":[\"root\"]}")
                .post("/accounts/" + UUID.randomUUID() + "/keys")
                .then().statusCode(400).body("message", containsString("permissions"));
        admin().contentType(ContentType.JSON).body("{}").post("/accounts/" + UUID.randomUUID() + "/keys")
                .then().statusCode(404);
        String name = "dup-" + UUID.randomUUID();
        admin().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/accounts").then().statusCode(201);
        admin().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/accounts").then().statusCode(409);
    }

    @Test
    void every_admin_body_refuses_an_unknown_member_naming_it_and_changes_nothing() {
        String account = admin().contentType(ContentType.JSON)
                .body("{\"name\":\"strict-" + UUID.randomUUID() + "\",\"monthly_quota\":7}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        String[][] calls = { // method, path, body, the unknown member
            {"POST", "/accounts", "{\"name\":\"x-" + UUID.randomUUID() + "\",\"monthly_qouta\":5}", "monthly_qouta"},
            {"PUT", "/accounts/" + account + "/entitlement", "{\"property_ids\":[1],\"all\":true}", "all"},
            {"PUT", "/accounts/" + account + "/limits", "{\"monthly_qouta\":5}", "monthly_qouta"},
            {"POST", "/accounts/" + account + "/keys", "{\"expires\":\"2099-01-01T00:00:00Z\"}", "expires"},
            {"POST", "/accounts/" + account + "/webhook-secret", "{\"overlap\":0}", "overlap"}};
        for (String[] call : calls) {
            admin().contentType(ContentType.JSON).body(call[2]).request(call[0], call[1])
                    .then().statusCode(400).body("message", containsString("Unknown member '" + call[3] + "'"));
        }
        admin().get("/accounts").then().statusCode(200)
                .body("find { it.account_id == '" + account + "' }.monthly_quota", equalTo(7))
                .body("find { it.account_id == '" + account + "' }.all_properties", equalTo(true));
    }

    @Test
    void rotating_the_webhook_secret_shows_the_new_secret_once_and_signing_uses_it() throws Exception {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"rot-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");

        String secret = admin().post("/accounts/" + account + "/webhook-secret")
                .then().statusCode(200).body("account_id", equalTo(account))
                .extract().path("webhook_secret");

        org.assertj.core.api.Assertions.assertThat(secret).startsWith("whsec_");
        org.assertj.core.api.Assertions.assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        org.assertj.core.api.Assertions.assertThat(signingKeys(account)[0]).isEqualTo(secret);
        admin().post("/accounts/" + UUID.randomUUID() + "/webhook-secret").then().statusCode(404);
    }

    @Test
    void after_a_rotation_the_previous_secret_signs_beside_the_new_one_for_the_overlap_only() throws Exception {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"overlap-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        String first = signingKeys(account)[0];

        Instant before = Instant.now();
        String second = admin().contentType(ContentType.JSON).body("{\"overlap_hours\":2}")
                .post("/accounts/" + account + "/webhook-secret").then().statusCode(200)
                .extract().path("webhook_secret");
        org.assertj.core.api.Assertions.assertThat(signingKeys(account)).containsExactly(second, first);

        String validUntil = admin().post("/accounts/" + account + "/webhook-secret").then().statusCode(200)
                .extract().path("previous_secret_valid_until");
        org.assertj.core.api.Assertions.assertThat(Instant.parse(validUntil))
                .isBetween(before.plus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(24)));
        String third = signingKeys(account)[0];
        org.assertj.core.api.Assertions.assertThat(signingKeys(account)).containsExactly(third, second);

        String fourth = admin().contentType(ContentType.JSON).body("{\"overlap_hours\":0}")
                .post("/accounts/" + account + "/webhook-secret").then().statusCode(200)
                .extract().path("webhook_secret");
        org.assertj.core.api.Assertions.assertThat(signingKeys(account)).containsExactly(fourth, null);
    }

    @Test
    void an_overlap_beyond_a_week_is_refused_naming_the_field() {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"overlap-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        admin().contentType(ContentType.JSON).body("{\"overlap_hours\":169}").post("/accounts/" + account + "/webhook-secret")
                .then().statusCode(400).body("message", containsString("overlap_hours must be at most 168"));
        admin().contentType(ContentType.JSON).body("{\"overlap_hours\":-1}").post("/accounts/" + account + "/webhook-secret")
                .then().statusCode(400).body("message", containsString("overlap_hours"));
    }

    @Test
    void an_entitlement_body_that_is_null_or_names_no_property_ids_changes_nothing() {
        String account = admin().contentType(ContentType.JSON)
                .body("{\"name\":\"ent-" + UUID.randomUUID() + "\",\"property_ids\":[1]}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        for (String body : new String[] {"null", "[]", "\"x\""}) {
            admin().contentType(ContentType.JSON).body(body).put("/accounts/" + account + "/entitlement")
                    .then().statusCode(400).body("message", equalTo("Request body must be a JSON object"));
        }
        admin().contentType(ContentType.JSON).put("/accounts/" + account + "/entitlement")
                .then().statusCode(400).body("message", equalTo("Request body must be a JSON object"));
        admin().contentType(ContentType.JSON).body("{}").put("/accounts/" + account + "/entitlement")
                .then().statusCode(400).body("message", containsString("property_ids is required"));

        admin().get("/accounts").then().statusCode(200)
                .body("find { it.account_id == '" + account + "' }.all_properties", equalTo(false));
    }

    @Test
    void a_null_overlap_is_refused_naming_the_field_while_no_body_takes_the_default() {
        String account = admin().contentType(ContentType.JSON).body("{\"name\":\"ovl-" + UUID.randomUUID() + "\"}")
                .post("/accounts").then().statusCode(201).extract().path("account_id");
        admin().contentType(ContentType.JSON).body("{\"overlap_hours\":null}").post("/accounts/" + account + "/webhook-secret")
                .then().statusCode(400).body("message", containsString("overlap_hours must be an integer"));
        admin().contentType(ContentType.JSON).body("null").post("/accounts/" + account + "/webhook-secret")
                .then().statusCode(400).body("message", equalTo("Request body must be a JSON object"));
        admin().post("/accounts/" + account + "/webhook-secret").then().statusCode(200);
    }

    @Test
    void a_body_over_the_limit_is_a_413_problem_never_a_500() {
        byte[] large = new byte[5 * 1024 * 1024];
        admin().contentType(ContentType.JSON).body(large).post("/accounts")
                .then().statusCode(413).contentType("application/problem+json")
                .body("message", equalTo("Request body too large"));
        given().baseUri(adminUri()).contentType(ContentType.JSON).body(large).post("/accounts")
                .then().statusCode(413);
    }

    /** The account's current and previous signing secret, as the notifier reads and opens them. */
    private static String[] signingKeys(String account) throws Exception {
        UUID id = UUID.fromString(account);
        try (var db = TestAccounts.connect();
                var rs = db.createStatement().executeQuery("SELECT secret, previous_secret FROM"
                        + " api.webhook_signing_keys WHERE account_id = '" + account + "'")) {
            rs.next();
            return new String[] {TestAccounts.openWebhookSecret(id, rs.getString(1)),
                    TestAccounts.openWebhookSecret(id, rs.getString(2))};
        }
    }

    @Test
    void the_public_port_does_not_serve_the_admin_api() {
        given().auth().oauth2("test-admin-token-for-the-api-service-tests").get("/admin/v1/accounts").then().statusCode(404);
    }

    private String adminUri() {
        return "http://" + management.getHost() + ":" + management.getPort() + "/admin/v1";
    }

    private RequestSpecification admin() {
        return given().baseUri(adminUri()).auth().oauth2("test-admin-token-for-the-api-service-tests");
    }
}
