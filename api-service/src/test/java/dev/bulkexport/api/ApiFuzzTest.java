package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.testsupport.KafkaRecords;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated requests across every endpoint (jobs, lookup, quota_impact, redeliver, admin): none may be a 5xx,
 * and every 4xx is a problem body; a 400 names the field or parameter it refuses. Prints its counts.
 */
@QuarkusTest
class ApiFuzzTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String VALID = """
            {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
             "property_ids":[1,2]}""";
    private static final String[] CREATE_FIELDS =
            {"report_type", "output_format", "start_date", "end_date", "property_ids", "callback_url", "compression",
                "fields", "max_file_size_mb"};
    /** What a 400's message may name: a field, a query parameter, a header or the body as a whole. */
    private static final List<String> NAMEABLE = List.of("report_type", "output_format", "start_date", "end_date",
            "property_ids", "callback_url", "compression", "fields", "max_file_size_mb", "page", "per_page", "status", "query", "city", "state", "zip_code",
            "Idempotency-Key", "name", "monthly_quota", "rate_limit_per_minute", "permissions", "expires_at",
            "Unknown field", "Request body", "account id", "key id", "body", "cadence", "time_zone", "window", "paused",
            "from", "to", "destination_id");
    private static final String SCHEDULES = "/api/v1/bulk_api/schedules";
    private static final String[] SCHEDULE_FIELDS = {"name", "report_type", "output_format", "property_ids", "cadence",
        "time_zone", "window", "paused", "callback_url"};
    private static final String[] CADENCES = {"\"daily\"", "\"weekly\"", "\"monthly\"", "\"30 0 1 * *\"",
        "\"* * * * *\"", "\"0 0 31 2 *\"", "\"60 25 * * *\"", "\"0 0 * * 8\"", "\"@yearly\"", "\"0 0 L * *\""};
    /** A value written into the JSON as it is; strings are quoted, except these raw tokens. */
    private static final String RAW = "raw:";
    private static final Object[] BAD_VALUES = {null, "", " ", -1, 0, 1.5, RAW + "1e309", RAW + "-0", RAW + "NaN",
        RAW + "[1,", RAW + "{\"$gt\":1}", RAW + "9".repeat(400), "1e309", true, "null", "[]", "{}",
        "2024-02-30", "2024-13-01", "9999-12-31", "0000-00-00", "01/01/2024", "'; DROP TABLE api.jobs; --",
        "\u0000", "\u202e", "💥", "x".repeat(3000), 99999999999999999L, Long.MAX_VALUE, Integer.MIN_VALUE,
        "ftp://example.com/x", "http://169.254.169.254/", "https://[::1]/", "https://100.64.0.1/x",
        "https://no-such-host.invalid/hook", "units", "parquet", "jsonl", "gzip", "zstd", "none", "date",
        RAW + "[\"date\",\"date\"]", RAW + "[\"property_id\",\"unit_id\"]", 102401};
    private static final String[] PAGING = {"1", "0", "-1", "2147483647", "2147483648", "21474838", "1000000",
        "1000001", "abc", "1e3", "", "%00", "9".repeat(40), "100", "101", "%205"};

    /** Vert.x's blocked-thread checker warns when one task holds an event loop past 2 s (DNS, JDBC, a lock). */
    private static final Logger BLOCKED_THREAD_CHECKER = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    private static final List<String> BLOCKED = Collections.synchronizedList(new ArrayList<>());
    private static final Handler BLOCKED_WARNINGS = new Handler() {
        @Override
        public void publish(LogRecord record) {
            BLOCKED.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeAll
    static void watchTheEventLoops() {
        BLOCKED_THREAD_CHECKER.addHandler(BLOCKED_WARNINGS);
    }

    @AfterAll
    static void noRequestBlockedAnEventLoop() {
        BLOCKED_THREAD_CHECKER.removeHandler(BLOCKED_WARNINGS);
        System.out.printf("API fuzz: %d blocked-event-loop warnings%n", BLOCKED.size());
        assertThat(BLOCKED).as("no request may block an event loop").isEmpty();
    }

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @Test
    void two_thousand_generated_requests_across_every_endpoint_never_cause_a_server_error() throws Exception {
        String key = TestAccounts.create(1_000_000, null, TestAccounts.ALL_PERMISSIONS, 1_000_000);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobIds.add(check(given().auth().oauth2(key).contentType(ContentType.JSON).body(VALID).post(JOBS), "seed")
                    .path("job_id"));
        }
        List<String> scheduleIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            scheduleIds.add(check(given().auth().oauth2(key).contentType(ContentType.JSON)
                    .body(scheduleBody(new Random(i), false)).post(SCHEDULES), "seed schedule").path("schedule_id"));
        }
        jobIds.addAll(scheduleIds);
        Random random = new Random(20261201);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long seed = random.nextLong();
            sent.add(pool.submit(() -> oneRequest(new Random(seed), key, jobIds)));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        System.out.printf("API fuzz: %d requests, %d answered 5xx, %d other failures%n", requests.get(),
                serverErrors.get(), failures.size() - serverErrors.get());
        assertThat(requests.get()).isGreaterThanOrEqualTo(2000);
        assertThat(failures).isEmpty();
    }

    /** Cancels racing the worker's updates and other writes on the same jobs (ConcurrentChanges and the state machine). */
    @Test
    void concurrent_cancels_worker_updates_and_redeliveries_on_one_job_never_cause_a_server_error() throws Exception {
        String key = TestAccounts.create(1_000_000, null, TestAccounts.ALL_PERMISSIONS, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        for (int round = 0; round < 20; round++) {
            String jobId = check(given().auth().oauth2(key).contentType(ContentType.JSON)
                    .body(VALID.replace("}", ",\"callback_url\":\"https://93.184.216.34/hook\"}")).post(JOBS), "seed")
                    .path("job_id");
            UUID job = UUID.fromString(jobId);
            UUID account = TestAccounts.accountOfJob(jobId);
            List<Future<?>> racing = new ArrayList<>();
            racing.add(pool.submit(() -> {
                KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(JobStarted.of(job, account, "w")));
                KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(JobProgressed.of(job, account, 5, 1, 2)));
                KafkaRecords.send(Topics.WORKER_UPDATES, jobId, EventCodec.encode(JobCompleted.failed(job, account, "x")));
                return null;
            }));
            for (int i = 0; i < 4; i++) {
                racing.add(pool.submit(() -> check(given().auth().oauth2(key).delete(JOBS + "/" + jobId), "cancel race")));
                racing.add(pool.submit(() -> check(given().auth().oauth2(key)
                        .post(JOBS + "/" + jobId + "/webhook/redeliver"), "redeliver race")));
                racing.add(pool.submit(() -> check(given().auth().oauth2(key).get(JOBS + "/" + jobId), "get race")));
            }
            for (Future<?> future : racing) {
                future.get();
            }
        }
        pool.shutdown();
        System.out.printf("API fuzz (conflicting writes): %d requests, %d answered 5xx%n", requests.get(),
                serverErrors.get());
        assertThat(failures).isEmpty();
    }

    private void oneRequest(Random random, String key, List<String> jobIds) {
        String job = switch (random.nextInt(4)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> pick(random, new String[] {"not-a-uuid", "%00", "..%2f..", "a".repeat(300), "0"});
            default -> jobIds.get(random.nextInt(jobIds.size()));
        };
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (random.nextInt(20) != 0) {
            request.auth().oauth2(key);
        }
        Response response;
        String what;
        switch (random.nextInt(16)) {
            case 0, 1 -> {
                what = "POST jobs";
                if (random.nextBoolean()) {
                    request.header("Idempotency-Key", "k".repeat(random.nextInt(300)));
                }
                response = request.contentType(ContentType.JSON).body(mutatedBody(random)).post(JOBS);
            }
            case 2 -> {
                what = "POST quota_impact";
                response = request.contentType(ContentType.JSON).body(mutatedBody(random)).post(JOBS + "/quota_impact");
            }
            case 3 -> {
                what = "GET jobs";
                response = request.get(JOBS + "?page=" + pick(random, PAGING) + "&per_page=" + pick(random, PAGING)
                        + "&status=" + pick(random, new String[] {"submitted", "cancelled", "running", "", "%27"}));
            }
            case 4 -> {
                what = "GET lookup";
                response = request.get("/api/v1/properties/lookup?page=" + pick(random, PAGING) + "&per_page="
                        + pick(random, PAGING) + "&query=" + pick(random, new String[] {"a", "%25", "_", "x".repeat(300)})
                        + "&zip_code=" + pick(random, new String[] {"78701", "", "%00"}));
            }
            case 5 -> {
                what = "GET job";
                response = request.get(JOBS + "/" + job);
            }
            case 6 -> {
                what = "GET results";
                response = request.redirects().follow(false).get(JOBS + "/" + job + "/results");
            }
            case 7 -> {
                what = "DELETE job";
                response = request.delete(JOBS + "/" + job);
            }
            case 8 -> {
                what = "POST redeliver";
                response = request.post(JOBS + "/" + job + "/webhook/redeliver");
            }
            case 12 -> {
                what = "POST schedules";
                response = request.contentType(ContentType.JSON).body(scheduleBody(random, true)).post(SCHEDULES);
            }
            case 13 -> {
                what = "PATCH schedule";
                response = request.contentType(ContentType.JSON).body(scheduleBody(random, true)).patch(SCHEDULES + "/" + job);
            }
            case 14 -> {
                what = "POST backfill";
                response = request.contentType(ContentType.JSON).body("{\"from\":" + pick(random, new String[] {
                    "\"2024-01-01\"", "\"2025-06-01\"", "\"1900-01-01\"", json(random)}) + ",\"to\":" + pick(random,
                        new String[] {"\"2024-12-31\"", "\"9999-12-31\"", "\"2024-01-02\"", json(random)}) + "}")
                        .post(SCHEDULES + "/" + job + "/backfill");
            }
            case 15 -> {
                what = "GET schedules";
                response = random.nextBoolean() ? request.get(SCHEDULES + "?page=" + pick(random, PAGING) + "&per_page="
                        + pick(random, PAGING)) : request.get(SCHEDULES + "/" + job + (random.nextBoolean() ? "/runs" : ""));
            }
            default -> {
                what = "admin";
                response = adminRequest(random, job);
            }
        }
        check(response, what);
    }

    private Response adminRequest(Random random, String id) {
        RequestSpecification admin = given().baseUri("http://" + management.getHost() + ":" + management.getPort())
                .urlEncodingEnabled(false).contentType(ContentType.JSON);
        if (random.nextInt(5) != 0) {
            admin.auth().oauth2("test-admin-token-for-the-api-service-tests");
        }
        String body = "{\"" + pick(random, new String[] {"name", "monthly_quota", "rate_limit_per_minute",
            "property_ids", "permissions", "expires_at"}) + "\":" + json(random) + "}";
        return switch (random.nextInt(5)) {
            case 0 -> admin.body(body).post("/admin/v1/accounts");
            case 1 -> admin.body(body).put("/admin/v1/accounts/" + id + "/limits");
            case 2 -> admin.body(body).put("/admin/v1/accounts/" + id + "/entitlement");
            case 3 -> admin.body(body).post("/admin/v1/accounts/" + id + "/keys");
            default -> admin.delete("/admin/v1/keys/" + id);
        };
    }

    private static String mutatedBody(Random random) {
        StringBuilder body = new StringBuilder("{");
        for (String field : CREATE_FIELDS) {
            int choice = random.nextInt(10);
            String value = switch (field) {
                case "report_type" -> "\"property\"";
                case "output_format" -> "\"csv\"";
                case "start_date" -> "\"2024-01-01\"";
                case "end_date" -> "\"2024-01-31\"";
                case "property_ids" -> "[1,2]";
                default -> null;
            };
            if (choice < 3) {
                value = json(random);
            } else if (choice == 3) {
                continue;
            }
            if (value != null) {
                body.append(body.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value);
            }
        }
        if (random.nextInt(10) == 0) {
            body.append(body.length() > 1 ? "," : "").append("\"priority\":1");
        }
        body.append('}');
        return random.nextInt(15) == 0 ? body.substring(0, random.nextInt(body.length())) : body.toString();
    }

    private static String scheduleBody(Random random, boolean mutate) {
        StringBuilder body = new StringBuilder("{");
        for (String field : SCHEDULE_FIELDS) {
            String value = switch (field) {
                case "name" -> "\"fuzz\"";
                case "report_type" -> "\"units\"";
                case "output_format" -> "\"csv\"";
                case "property_ids" -> "[1,2]";
                case "cadence" -> mutate ? pick(random, CADENCES) : "\"daily\"";
                case "time_zone" -> mutate ? pick(random, new String[] {"\"Europe/Berlin\"", "\"UTC\"",
                    "\"Mars/Olympus\"", "\"+01:00\"", "\"EST\""}) : "\"UTC\"";
                case "window" -> mutate ? pick(random, new String[] {"\"previous_period\"", "\"since_last_success\"",
                    "{\"last_days\":7}", "{\"last_days\":-1}", "{\"last_days\":99999999999}", "{}"}) : "\"previous_period\"";
                default -> null;
            };
            int choice = mutate ? random.nextInt(10) : 9;
            if (choice < 2) {
                value = json(random);
            } else if (choice == 2) {
                continue;
            }
            if (value != null) {
                body.append(body.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value);
            }
        }
        if (mutate && random.nextInt(8) == 0) {
            body.append(body.length() > 1 ? "," : "").append(pick(random, new String[] {"\"destination_id\":\"d\"",
                "\"start_date\":\"2024-01-01\"", "\"fields\":[\"rent\"]"}));
        }
        body.append('}');
        return mutate && random.nextInt(15) == 0 ? body.substring(0, random.nextInt(body.length())) : body.toString();
    }

    private static String json(Random random) {
        Object value = BAD_VALUES[random.nextInt(BAD_VALUES.length)];
        if (random.nextInt(6) == 0) {
            return "[" + json(random) + "," + random.nextInt(1000) + "]";
        }
        if (value instanceof String text && text.startsWith(RAW)) {
            return text.substring(RAW.length());
        }
        return value == null ? "null" : value instanceof String text
                ? "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : value.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private Response check(Response response, String what) {
        requests.incrementAndGet();
        int status = response.statusCode();
        if (status >= 500) {
            serverErrors.incrementAndGet();
            failures.add(status + " " + what + ": " + response.asString());
        } else if (status >= 400 && status != 404 && status != 405) {
            String type = response.contentType();
            String message = response.jsonPath().getString("message");
            if (type == null || !type.startsWith("application/problem+json") || message == null) {
                failures.add(status + " " + what + " without a problem body: " + response.asString());
            } else if (status == 400 && NAMEABLE.stream().noneMatch(message::contains)) {
                failures.add("400 " + what + " names no field: " + message);
            }
        }
        return response;
    }
}
