package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WorkSignature;
import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.KafkaRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Destinations against a second S3Proxy playing the customer's bucket, with its own credentials. */
@QuarkusTest
class DestinationsTest {
    private static final String DESTINATIONS = "/api/v1/bulk_api/destinations";
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static CustomerBucket customer;

    @Inject
    SecretCipher cipher;
    @Inject
    dev.bulkexport.api.destination.DestinationKeyRotation rotation;
    @Inject
    WorkSignature signature;
    @Inject
    dev.bulkexport.api.destination.DestinationConfig config;

    @BeforeAll
    static void startTheCustomersBucket() throws Exception {
        customer = CustomerBucket.start(Files.createTempDirectory("customer-bucket"));
    }

    @AfterAll
    static void stopTheCustomersBucket() {
        if (customer != null) {
            customer.close();
        }
    }

    private static String body(Map<String, String> changes) {
        Map<String, String> members = new java.util.LinkedHashMap<>(Map.of("type", "s3", "name", "warehouse",
                "bucket", CustomerBucket.BUCKET, "prefix", "bulk/daily", "region", "us-east-1",
                "endpoint", customer.endpoint(), "access_key_id", CustomerBucket.ACCESS_KEY,
                "secret_access_key", CustomerBucket.SECRET_KEY));
        members.putAll(changes);
        members.values().removeIf(value -> value == null);
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":\"").append(value).append('"'));
        return json.append('}').toString();
    }

    private static ValidatableResponse post(String key, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post(DESTINATIONS).then();
    }

    private static String add(String key) {
        return post(key, body(Map.of())).statusCode(201).extract().path("destination_id");
    }

    private static void refused(String key, Map<String, String> changes, String named) {
        String answer = post(key, body(changes)).statusCode(400).contentType("application/problem+json")
                .body("message", containsString(named)).extract().asString();
        assertThat(answer).doesNotContain(CustomerBucket.SECRET_KEY);
    }

    @Test
    void a_destination_is_added_after_a_test_write_and_delete_and_its_secret_is_never_returned() throws Exception {
        String key = TestAccounts.create();
        String created = post(key, body(Map.of("prefix", "/bulk/daily/"))).statusCode(201)
                .body("type", equalTo("s3")).body("bucket", equalTo(CustomerBucket.BUCKET))
                .body("prefix", equalTo("bulk/daily")).body("access_key_id", equalTo(CustomerBucket.ACCESS_KEY))
                .body("$", not(hasKey("secret_access_key"))).extract().asString();
        String id = io.restassured.path.json.JsonPath.from(created).getString("destination_id");
        assertThat(customer.keys()).as("the test object is deleted again").noneMatch(k -> k.contains("access-check"));

        String one = given().auth().oauth2(key).get(DESTINATIONS + "/" + id).then().statusCode(200)
                .body("name", equalTo("warehouse")).extract().asString();
        String list = given().auth().oauth2(key).get(DESTINATIONS + "?per_page=10").then().statusCode(200)
                .body("destinations.size()", equalTo(1)).body("pagination.total_count", equalTo(1))
                .extract().asString();
        assertThat(created + one + list).doesNotContain(CustomerBucket.SECRET_KEY).doesNotContain("sealed");

        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery(
                "SELECT sealed_secret_access_key FROM api.destinations WHERE id = '" + UUID.fromString(id) + "'")) {
            rs.next();
            String sealed = rs.getString(1);
            assertThat(sealed).startsWith("v2:dev-test:").doesNotContain(CustomerBucket.SECRET_KEY);
            assertThat(cipher.decrypt(sealed, contextOf(id))).isEqualTo(CustomerBucket.SECRET_KEY);
            assertThatThrownBy(() -> cipher.decrypt(sealed, ExportDestination.secretContext(UUID.randomUUID(),
                    UUID.fromString(id), CustomerBucket.BUCKET, customer.endpoint(), CustomerBucket.ACCESS_KEY)))
                    .as("bound to its account").isInstanceOf(SecretCipher.UnreadableSecretException.class);
            assertThatThrownBy(() -> cipher.decrypt(sealed, id)).as("not openable by the row id alone")
                    .isInstanceOf(SecretCipher.UnreadableSecretException.class);
        }
    }

    @Test
    void an_account_may_have_at_most_the_configured_number_of_destinations_even_when_two_creates_race()
            throws Exception {
        String key = TestAccounts.create();
        String first = add(key);
        try (var db = TestAccounts.connect()) {
            // One short of the cap: copies of the first, made in the database (each create costs an access check).
            db.createStatement().executeUpdate("INSERT INTO api.destinations (id, account_id, name, type, bucket,"
                    + " prefix, region, endpoint, access_key_id, sealed_secret_access_key, created_at) SELECT"
                    + " gen_random_uuid(), account_id, name || n, type, bucket, prefix, region, endpoint, access_key_id,"
                    + " sealed_secret_access_key, created_at FROM api.destinations, generate_series(2, "
                    + (config.maxPerAccount() - 1) + ") n WHERE id = '" + UUID.fromString(first) + "'");
        }
        String refusal = "destinations: an account may have at most " + config.maxPerAccount()
                + " destinations (MAX_DESTINATIONS_PER_ACCOUNT); delete one first";

        var racing = java.util.stream.Stream.of(1, 2)
                .map(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> post(key, body(Map.of()))
                        .extract().response()))
                .toList().stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertThat(racing).extracting(io.restassured.response.Response::statusCode).containsExactlyInAnyOrder(201, 400);
        assertThat(racing).filteredOn(answer -> answer.statusCode() == 400)
                .allSatisfy(answer -> assertThat(answer.jsonPath().getString("message")).isEqualTo(refusal));
        given().auth().oauth2(key).get(DESTINATIONS).then().statusCode(200)
                .body("pagination.total_count", equalTo(config.maxPerAccount()));
        post(key, body(Map.of())).statusCode(400).body("message", equalTo(refusal));

        add(TestAccounts.create());
        given().auth().oauth2(key).delete(DESTINATIONS + "/" + first).then().statusCode(204);
        add(key);
    }

    @Test
    void wrong_credentials_an_unknown_bucket_and_an_unreachable_endpoint_are_refused_naming_what_failed()
            throws Exception {
        String key = TestAccounts.create();
        refused(key, Map.of("secret_access_key", "not-the-secret"), "secret_access_key");
        refused(key, Map.of("access_key_id", "nobody"), "access_key_id");
        refused(key, Map.of("bucket", "no-such-bucket"), "bucket: there is no bucket 'no-such-bucket'");
        refused(key, Map.of("endpoint", "http://127.0.0.1:" + ExportStack.freePort()), "endpoint: ");
        given().auth().oauth2(key).get(DESTINATIONS).then().statusCode(200).body("destinations.size()", equalTo(0));
    }

    @Test
    void an_endpoint_where_no_s3_store_answers_gets_one_answer_whatever_listens_there() throws Exception {
        int closedPort = ExportStack.freePort();
        String closed = post(TestAccounts.create(), body(Map.of("endpoint", "http://127.0.0.1:" + closedPort)))
                .statusCode(400).extract().path("message");
        // This api's own port: an HTTP server, but not an S3 store.
        String notS3 = post(TestAccounts.create(), body(Map.of("endpoint", "http://127.0.0.1:"
                + io.restassured.RestAssured.port))).statusCode(400).extract().path("message");

        assertThat(notS3).isEqualTo(closed);
        assertThat(closed).startsWith("endpoint: ").doesNotContain("127.0.0.1", String.valueOf(closedPort),
                String.valueOf(io.restassured.RestAssured.port), "Exception", "HTTP").doesNotContainIgnoringCase("refused");
    }

    @Test
    void an_account_starts_a_few_access_checks_a_minute_and_then_gets_429_with_retry_after() throws Exception {
        String key = TestAccounts.create();
        String closed = "http://127.0.0.1:" + ExportStack.freePort();
        for (int i = 0; i < config.checksPerMinute(); i++) {
            post(key, body(Map.of("endpoint", closed))).statusCode(400);
        }
        post(key, body(Map.of("endpoint", closed))).statusCode(429)
                .header("Retry-After", Integer::parseInt, org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("message", containsString("destination access checks a minute"));
        post(key, body(Map.of())).statusCode(429);
        // A body that breaks a rule starts no check and is still told so.
        post(key, body(Map.of("bucket", "Not A Bucket"))).statusCode(400);

        add(TestAccounts.create());
    }

    @Test
    void an_endpoint_on_an_internal_address_is_refused_by_the_ssrf_guard() throws Exception {
        String key = TestAccounts.create();
        refused(key, Map.of("endpoint", "http://169.254.169.254"), "endpoint host 169.254.169.254");
        refused(key, Map.of("endpoint", "http://10.1.2.3:9000"), "endpoint host 10.1.2.3");
        refused(key, Map.of("endpoint", "ftp://example.com"), "endpoint must use http or https");
        refused(key, Map.of("endpoint", customer.endpoint() + "/some/path"), "scheme, host and port only");
    }

    @Test
    void bodies_breaking_a_rule_are_refused_naming_the_field() throws Exception {
        String key = TestAccounts.create();
        refused(key, Map.of("type", "gcs"), "type must be s3");
        refused(key, Map.of("bucket", "Not_A_Bucket"), "bucket must be an S3 bucket name");
        refused(key, Map.of("region", "Mars 1"), "region must be");
        refused(key, Map.of("prefix", "a/../b"), "prefix must not hold");
        refused(key, Map.of("surprise", "x"), "Unknown field 'surprise'");
        String noSecret = body(Map.of()).replace(",\"secret_access_key\":\"" + CustomerBucket.SECRET_KEY + "\"", "")
                .replace("\"secret_access_key\":\"" + CustomerBucket.SECRET_KEY + "\",", "");
        post(key, noSecret).statusCode(400).body("message", equalTo("secret_access_key is required"));
        post(key, "{\"secret_access_key\":\"" + CustomerBucket.SECRET_KEY).statusCode(400)
                .body("message", equalTo("Request body is not valid JSON"));
    }

    @Test
    void another_accounts_destination_does_not_exist() throws Exception {
        String owner = TestAccounts.create();
        String other = TestAccounts.create();
        String id = add(owner);
        given().auth().oauth2(other).get(DESTINATIONS + "/" + id).then().statusCode(404);
        given().auth().oauth2(other).delete(DESTINATIONS + "/" + id).then().statusCode(404);
        given().auth().oauth2(other).get(DESTINATIONS).then().statusCode(200).body("destinations.size()", equalTo(0));
        given().auth().oauth2(other).contentType(ContentType.JSON).body(job(id)).post(JOBS).then().statusCode(400)
                .body("message", containsString("destination_id: this account has no destination " + id));
        given().auth().oauth2(owner).delete(DESTINATIONS + "/" + id).then().statusCode(204);
        given().auth().oauth2(owner).get(DESTINATIONS + "/" + id).then().statusCode(404);
        given().auth().oauth2(owner).get(DESTINATIONS + "/not-a-uuid").then().statusCode(404);
    }

    private static String job(String destinationId) {
        return "{\"report_type\":\"property\",\"output_format\":\"csv\",\"start_date\":\"2024-01-01\","
                + "\"end_date\":\"2024-01-31\",\"property_ids\":[5,6],\"destination_id\":\"" + destinationId + "\"}";
    }

    @Test
    void a_job_to_a_destination_carries_it_sealed_to_the_workers_shows_where_and_has_no_download_here()
            throws Exception {
        String key = TestAccounts.create();
        String destination = add(key);
        String jobId = given().auth().oauth2(key).contentType(ContentType.JSON).body(job(destination)).post(JOBS)
                .then().statusCode(201).body("destination_id", equalTo(destination)).extract().path("job_id");

        var record = await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords
                .readAll(Topics.SHARD_SUBMITTED).stream().filter(r -> jobId.equals(r.key())).findFirst().orElse(null),
                e -> e != null);
        ShardSubmitted submitted = (ShardSubmitted) EventCodec.decode(record.value());
        assertThat(submitted.destination().bucket()).isEqualTo(CustomerBucket.BUCKET);
        assertThat(submitted.destination().keyPrefix(submitted.jobId())).isEqualTo("bulk/daily/" + jobId + "/");
        assertThat(EventCodec.encode(submitted)).doesNotContain(CustomerBucket.SECRET_KEY);
        assertThat(cipher.decrypt(submitted.destination().sealedSecretAccessKey(),
                submitted.destination().secretContext(submitted.accountId()))).isEqualTo(CustomerBucket.SECRET_KEY);
        assertThat(submitted.signature()).as("signed for the workers").startsWith("v1,");
        assertThatCode(() -> signature.verify(record.value())).doesNotThrowAnyException();

        UUID job = UUID.fromString(jobId);
        UUID account = TestAccounts.accountOfJob(jobId);
        String folder = "bulk/daily/" + jobId + "/";
        String manifestKey = folder + "property_2024-01-01_2024-01-31_manifest.json";
        JobCompleted succeeded = JobCompleted.succeeded(job, account, java.util.List.of(
                new JobCompleted.File(1, folder + "property_2024-01-01_2024-01-31.csv",
                        "property_2024-01-01_2024-01-31.csv", 40, 4096, "ab".repeat(32)),
                new JobCompleted.File(2, folder + "property_2024-01-01_2024-01-31_part-00002.csv",
                        "property_2024-01-01_2024-01-31_part-00002.csv", 22, 2048, "ef".repeat(32))),
                new JobCompleted.File(0, manifestKey, "property_2024-01-01_2024-01-31_manifest.json", 0, 300,
                        "cd".repeat(32)));
        KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(succeeded));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(key).get(JOBS + "/" + jobId)
                .then().statusCode(200).body("status", equalTo("succeeded"))
                .body("result.destination.destination_id", equalTo(destination))
                .body("result.destination.bucket", equalTo(CustomerBucket.BUCKET))
                .body("result.destination.prefix", equalTo("bulk/daily/" + jobId + "/"))
                .body("result.destination.object_key", equalTo(manifestKey)));
        given().auth().oauth2(key).redirects().follow(false).get(JOBS + "/" + jobId + "/results").then()
                .statusCode(409).body("message", containsString("s3://" + CustomerBucket.BUCKET + "/bulk/daily/" + jobId));
        given().auth().oauth2(key).get(JOBS + "/" + jobId + "/results/manifest").then().statusCode(409);
        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery(
                "SELECT destination_sealed_secret, destination_access_key_id FROM api.jobs WHERE id = '" + job + "'")) {
            rs.next();
            assertThat(rs.getString(1)).as("a finished job forgets the credentials").isNull();
            assertThat(rs.getString(2)).isNull();
        }
        // Deleting the destination leaves the job's record of where it was written.
        given().auth().oauth2(key).delete(DESTINATIONS + "/" + destination).then().statusCode(204);
        given().auth().oauth2(key).get(JOBS + "/" + jobId).then().statusCode(200)
                .body("result.destination.bucket", equalTo(CustomerBucket.BUCKET));
    }

    @Test
    void after_a_rotation_secrets_sealed_with_the_previous_key_are_sealed_again_with_the_current_one()
            throws Exception {
        String key = TestAccounts.create();
        String id = add(key);
        // As if sealed before the rotation: with the key the test profile lists as previous.
        SecretCipher before = SecretCipher.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("export.secrets.destination-previous-keys", String.class), java.util.List.of());
        assertSealedAgainWithTheCurrentKey(id, before.encrypt(CustomerBucket.SECRET_KEY, contextOf(id)));
    }

    /** Stores {@code sealed} as the destination's secret, runs the re-sealing pass and reads the result back. */
    private void assertSealedAgainWithTheCurrentKey(String id, String sealed) throws Exception {
        try (var db = TestAccounts.connect(); var update = db.prepareStatement(
                "UPDATE api.destinations SET sealed_secret_access_key = ? WHERE id = ?")) {
            update.setString(1, sealed);
            update.setObject(2, UUID.fromString(id));
            update.executeUpdate();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> rotation.reseal().await().indefinitely() == 0);

        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery(
                "SELECT sealed_secret_access_key FROM api.destinations WHERE id = '" + UUID.fromString(id) + "'")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("v2:dev-test:");
            assertThat(cipher.decrypt(rs.getString(1), contextOf(id))).isEqualTo(CustomerBucket.SECRET_KEY);
        }
    }

    @Test
    void a_secret_in_the_older_form_bound_to_the_row_id_only_is_sealed_again_bound_to_its_owner()
            throws Exception {
        String key = TestAccounts.create();
        String id = add(key);
        String dbKey = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("export.secrets.destination-key", String.class);
        assertSealedAgainWithTheCurrentKey(id, sealedInTheV1Form(dbKey, CustomerBucket.SECRET_KEY, id));
    }

    /** AES-GCM as the v1 form sealed: the row's id as associated data, nothing else. */
    private static String sealedInTheV1Form(String key, String plaintext, String rowId) throws Exception {
        int colon = key.indexOf(':');
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(
                java.util.Base64.getDecoder().decode(key.substring(colon + 1)), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        aes.updateAAD(rowId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] sealed = aes.doFinal(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return "v1:" + key.substring(0, colon) + ":" + java.util.Base64.getEncoder().encodeToString(out);
    }

    /** What the destination's secret is sealed for, from its row. */
    private static String contextOf(String id) throws Exception {
        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery(
                "SELECT account_id, bucket, endpoint, access_key_id FROM api.destinations WHERE id = '"
                        + UUID.fromString(id) + "'")) {
            rs.next();
            return ExportDestination.secretContext((UUID) rs.getObject(1), UUID.fromString(id), rs.getString(2),
                    rs.getString(3), rs.getString(4));
        }
    }

    @Test
    void a_schedule_may_name_the_accounts_destination_and_no_other() throws Exception {
        String key = TestAccounts.create();
        String other = add(TestAccounts.create());
        String mine = add(key);
        String schedule = "{\"name\":\"to my bucket\",\"report_type\":\"units\",\"output_format\":\"csv\","
                + "\"property_ids\":[1],\"cadence\":\"monthly\",\"time_zone\":\"UTC\",\"window\":\"previous_period\","
                + "\"destination_id\":\"%s\"}";
        given().auth().oauth2(key).contentType(ContentType.JSON).body(schedule.formatted(other))
                .post("/api/v1/bulk_api/schedules").then().statusCode(400)
                .body("message", containsString("destination_id: this account has no destination"));
        String id = given().auth().oauth2(key).contentType(ContentType.JSON).body(schedule.formatted(mine))
                .post("/api/v1/bulk_api/schedules").then().statusCode(201).body("destination_id", equalTo(mine))
                .extract().path("schedule_id");
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"destination_id\":null}")
                .patch("/api/v1/bulk_api/schedules/" + id).then().statusCode(200)
                .body("destination_id", nullValue());
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"destination_id\":\"" + other + "\"}")
                .patch("/api/v1/bulk_api/schedules/" + id).then().statusCode(400);
    }
}
