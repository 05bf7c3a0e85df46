package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.StandardWebhooksVerifier;
import dev.bulkexport.testsupport.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three packaged services as separate processes against real PostgreSQL, Kafka and S3Proxy, driven over
 * HTTP as a user would, with the key the api-service registered at start for the account named "demo" (the
 * local run's bootstrap key; no other class uses that account).
 */
@ExtendWith(SharedStack.Extension.class)
class ExportWorkflowIT {
    private static final List<String> PROPERTY_COLUMNS = SourceRows.PROPERTY.columns();

    /** A metric name in the operator's kit: ours, the Kafka clients' and the HTTP server's. */
    private static final Pattern KIT_METRIC = Pattern.compile(
            "\\b((?:bulk_export|kafka|http_server)_[a-z0-9_]+)");

    private static ExportStack stack;
    private static String apiKey;
    private static WebhookReceiver webhooks;
    /** The demo account's webhook signing secret, as its operator got it from the admin API. */
    private static String webhookSecret;

    @BeforeAll
    static void theDemoAccountAndAWebhookReceiver(SharedStack system) throws Exception {
        stack = system.stack();
        apiKey = system.demoKey();
        webhookSecret = demoAccountSecret();
        webhooks = WebhookReceiver.start(0, received -> { });
    }

    @AfterAll
    static void stopTheWebhookReceiver() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @Test
    void a_property_csv_export_is_downloadable_matches_the_database_and_calls_back() throws Exception {
        String callback = webhooks.url("/hooks/" + UUID.randomUUID());
        String jobId = given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-02-01",
                         "end_date":"2024-03-15","property_ids":[5,1,8],"callback_url":"%s"}""".formatted(callback))
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/bulk_api/jobs/"))
                .body("status", equalTo("submitted"))
                .body("property_ids", equalTo(List.of(5, 1, 8)))
                .extract().path("job_id");

        JsonPath job = awaitOutcome(jobId);
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getString("started_at")).isNotNull();
        assertThat(job.getString("result.file_name")).isEqualTo("property_2024-02-01_2024-03-15.csv");

        Response results = given().auth().oauth2(apiKey).redirects().follow(false)
                .when().get("/api/v1/bulk_api/jobs/" + jobId + "/results");
        assertThat(results.statusCode()).isEqualTo(302);
        String location = results.getHeader("Location");
        assertThat(location).contains("X-Amz-Expires=604800").contains("X-Amz-Signature=");

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).contains("property_2024-02-01_2024-03-15.csv"));
        byte[] file = download.body();
        assertThat((long) file.length).isEqualTo(job.getLong("result.file_size_bytes"));
        assertThat(sha256(file)).isEqualTo(job.getString("result.sha256"));

        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(new String(file, StandardCharsets.UTF_8)))
                .getRecords();
        assertThat(records.get(0).toList()).isEqualTo(PROPERTY_COLUMNS);
        List<List<String>> expected = databaseRows(List.of(1L, 5L, 8L), "2024-02-01", "2024-03-15");
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(records.subList(1, records.size()).stream().map(CSVRecord::toList).toList())
                .containsExactlyElementsOf(expected);
        assertThat(job.getLong("result.row_count")).isEqualTo(expected.size());

        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received().stream()
                .anyMatch(r -> r.path().equals(URI.create(callback).getPath())));
        WebhookReceiver.Received webhook = webhooks.received().stream()
                .filter(r -> r.path().equals(URI.create(callback).getPath())).findFirst().orElseThrow();
        JsonPath body = JsonPath.from(webhook.body());
        assertThat(body.getString("type")).isEqualTo("bulk_job.succeeded");
        assertThat(body.getString("data.job_id")).isEqualTo(jobId);
        assertThat(body.getString("data.results_url")).endsWith("/api/v1/bulk_api/jobs/" + jobId + "/results");
        assertThat(webhook.headers().get("webhook-id")).isEqualTo("msg_" + jobId + "_succeeded");
        assertThat(StandardWebhooksVerifier.verify(webhookSecret, webhook.headers(), webhook.body()))
                .as("Standard Webhooks signature with the account's secret").isTrue();
        assertThat(StandardWebhooksVerifier.verify("whsec_" + java.util.Base64.getEncoder().encodeToString(
                new byte[32]), webhook.headers(), webhook.body())).as("a wrong secret").isFalse();
    }

    /**
     * The operator's kit (deploy/monitoring: alerts and dashboard) names only metrics that the running services
     * really export, once a job has run and called back: each name is on some service's /q/metrics.
     */
    @Test
    void every_metric_the_alerts_and_the_dashboard_name_is_on_a_running_services_metrics_endpoint() throws Exception {
        String callback = webhooks.url("/hooks/" + UUID.randomUUID());
        String jobId = given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-02-01",
                         "end_date":"2024-02-02","property_ids":[2],"callback_url":"%s"}""".formatted(callback))
                .when().post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id");
        assertThat(awaitOutcome(jobId).getString("status")).isEqualTo("succeeded");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received().stream()
                .anyMatch(r -> r.path().equals(URI.create(callback).getPath())));

        Path kit = Path.of("..", "deploy", "monitoring");
        Set<String> named = new TreeSet<>();
        for (String file : List.of("prometheus-rules.yaml", "grafana-dashboard.json")) {
            Matcher metric = KIT_METRIC.matcher(Files.readString(kit.resolve(file)));
            while (metric.find()) {
                named.add(metric.group(1));
            }
        }
        assertThat(named).hasSizeGreaterThan(10);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exported = new HashSet<>();
            for (String service : List.of(ExportStack.API, ExportStack.WORKER, ExportStack.NOTIFIER)) {
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.metricsUrl(service))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                metrics.body().lines().filter(line -> !line.startsWith("#"))
                        .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));
            }
            assertThat(named).allSatisfy(metric -> assertThat(exported).as("exported by a service").contains(metric));
        });
    }

    @Test
    void a_notifier_killed_between_two_attempts_resumes_the_delivery_after_its_restart() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // The first attempt is told to come back in 12 s: time enough to kill and restart the notifier.
        try (WebhookReceiver flaky = WebhookReceiver.respond(0, request -> calls.incrementAndGet() == 1
                ? new WebhookReceiver.Reply(503, java.util.Map.of("Retry-After", "12"))
                : WebhookReceiver.Reply.status(200))) {
            String jobId = given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                    .body("""
                            {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                             "end_date":"2024-01-07","property_ids":[2],"callback_url":"%s"}""".formatted(
                            flaky.url("/hooks/flaky")))
                    .when().post("/api/v1/bulk_api/jobs")
                    .then().statusCode(201).extract().path("job_id");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(apiKey)
                    .get("/api/v1/bulk_api/jobs/" + jobId).then()
                    .body("webhook.attempts", equalTo(1))
                    .body("webhook.status", equalTo("pending"))
                    .body("webhook.last_response_status", equalTo(503)));
            assertThat(flaky.received()).hasSize(1);

            stack.killAndRestart("notifier-service");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(apiKey)
                    .get("/api/v1/bulk_api/jobs/" + jobId).then()
                    .body("webhook.status", equalTo("delivered"))
                    .body("webhook.attempts", equalTo(2))
                    .body("webhook.last_response_status", equalTo(200)));
            List<WebhookReceiver.Received> requests = flaky.received();
            assertThat(requests).hasSize(2);
            assertThat(requests).extracting(r -> r.headers().get("webhook-id"))
                    .containsOnly("msg_" + jobId + "_succeeded");
            assertThat(requests).allSatisfy(r -> assertThat(
                    StandardWebhooksVerifier.verify(webhookSecret, r.headers(), r.body())).isTrue());
            assertThat(Long.parseLong(requests.get(1).headers().get("webhook-timestamp"))
                    - Long.parseLong(requests.get(0).headers().get("webhook-timestamp"))).isGreaterThanOrEqualTo(11);
        }
    }

    @Test
    void two_notifier_processes_send_every_attempt_of_every_webhook_exactly_once() throws Exception {
        stack.startReplica("notifier-service", "notifier-service-2");
        java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> calls =
                new java.util.concurrent.ConcurrentHashMap<>();
        // Each webhook's first attempt fails, so every delivery is claimed twice, by either process.
        List<String> jobIds = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.respond(0, request -> calls
                .computeIfAbsent(request.headers().get("webhook-id"), id -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet() == 1 ? WebhookReceiver.Reply.status(500) : WebhookReceiver.Reply.status(200))) {
            for (int i = 0; i < 8; i++) {
                jobIds.add(given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                        .body("""
                                {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                                 "end_date":"2024-01-03","property_ids":[%d],"callback_url":"%s"}""".formatted(
                                i + 1, receiver.url("/hooks/replicas")))
                        .when().post("/api/v1/bulk_api/jobs")
                        .then().statusCode(201).extract().path("job_id"));
            }
            for (String jobId : jobIds) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(apiKey)
                        .get("/api/v1/bulk_api/jobs/" + jobId).then()
                        .body("webhook.status", equalTo("delivered"))
                        .body("webhook.attempts", equalTo(2)));
            }

            assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(
                    jobIds.stream().map(id -> "msg_" + id + "_succeeded").toList());
            assertThat(calls.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(2));
            assertThat(receiver.received()).hasSize(16);
            System.out.println("[e2e] attempts recorded by the first notifier: "
                    + attemptLines(stack.serviceLog("notifier-service"), jobIds) + ", by the second: "
                    + attemptLines(stack.serviceLog("notifier-service-2"), jobIds));
        } finally {
            stack.stopReplica("notifier-service-2");
        }
    }

    private static long attemptLines(Path log, List<String> jobIds) throws Exception {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("WebhookDispatcher") && line.contains(" attempt "))
                    .filter(line -> jobIds.stream().anyMatch(line::contains)).count();
        }
    }

    /**
     * The receiver learns its secret out of band; here, as a user does, from the admin API's rotation (the api keeps
     * it only sealed), with no overlap: from now on deliveries are signed with it alone.
     */
    private static String demoAccountSecret() throws Exception {
        JsonPath accounts = JsonPath.from(stack.admin("GET", "/accounts", null).body());
        String account = accounts.getString("find { it.name == 'demo' }.account_id");
        assertThat(account).as("the demo account").isNotNull();
        return stack.rotateWebhookSecret(account, 0);
    }

    @Test
    void an_export_without_matching_rows_is_a_csv_with_only_its_header() throws Exception {
        String jobId = given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2020-01-01",
                         "end_date":"2020-01-31","property_ids":[999999]}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");

        JsonPath job = awaitOutcome(jobId);
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getLong("result.row_count")).isZero();
        String location = given().auth().oauth2(apiKey).redirects().follow(false)
                .get("/api/v1/bulk_api/jobs/" + jobId + "/results").getHeader("Location");
        String file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(file).isEqualTo(String.join(",", PROPERTY_COLUMNS) + "\r\n");
    }

    @Test
    void requests_without_a_valid_key_are_refused_with_a_problem_body() {
        given().when().get("/api/v1/bulk_api/jobs/" + UUID.randomUUID())
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("error", equalTo("Unauthorized"))
                .body("message", equalTo("Missing or invalid bearer token"));
        given().auth().oauth2("pbe_not_a_key").when().get("/api/v1/bulk_api/jobs/" + UUID.randomUUID())
                .then().statusCode(401);
    }

    @Test
    void a_bad_request_names_the_field_and_an_unknown_job_is_404() {
        given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"rents","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-31","property_ids":[1]}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(400)
                .body("error", equalTo("Bad Request"))
                .body("message", containsString("report_type"))
                .body("status", equalTo(400));
        given().auth().oauth2(apiKey).when().get("/api/v1/bulk_api/jobs/" + UUID.randomUUID())
                .then().statusCode(404).body("message", notNullValue());
    }

    @Test
    void one_trace_follows_a_job_through_the_api_the_worker_and_the_notifier() throws Exception {
        String jobId = given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-07","property_ids":[2],"callback_url":"%s"}"""
                        .formatted(webhooks.url("/hooks/trace")))
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
        assertThat(awaitOutcome(jobId).getString("status")).isEqualTo("succeeded");

        await().atMost(Duration.ofSeconds(30)).until(() -> traceIds(jobId, "notifier-service").size() == 1);
        Set<String> traces = new HashSet<>();
        for (String service : List.of("api-service", "export-worker", "notifier-service")) {
            traces.addAll(traceIds(jobId, service));
        }
        assertThat(traces).hasSize(1).allSatisfy(trace -> assertThat(trace).matches("[0-9a-f]{32}"));
    }

    /**
     * Trace ids on the lines a service logged about the job, webhook attempts aside: those run later from the
     * notifier's durable schedule, each in a trace of its own.
     */
    private static Set<String> traceIds(String jobId, String service) throws java.io.IOException {
        Pattern traceId = Pattern.compile("traceId=([0-9a-f]{32})");
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(stack.serviceLog(service))) {
            Matcher matcher = traceId.matcher(line);
            if (line.contains(jobId) && !line.contains("attempt") && matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return ids;
    }

    private static JsonPath awaitOutcome(String jobId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + jobId)
                                .then().statusCode(200).extract().jsonPath(),
                        job -> !"submitted".equals(job.getString("status")));
    }

    /** The rows of the property report, read with the test's own query and formatted as the CSV should be. */
    private static List<List<String>> databaseRows(List<Long> ids, String from, String to) throws Exception {
        return SourceRows.PROPERTY.read(stack.postgres(), ids, LocalDate.parse(from), LocalDate.parse(to)).rows()
                .stream()
                .map(row -> row.stream().map(value -> value == null ? ""
                        : value instanceof BigDecimal d ? d.toPlainString() : value.toString()).toList())
                .toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
