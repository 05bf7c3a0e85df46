package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.bulkexport.api.account.ApiKey;
import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class JobApiTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";

    @Test
    void the_list_pages_an_accounts_jobs_newest_first_and_filters_by_status() throws Exception {
        String key = TestAccounts.create();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(key, "[1]").statusCode(201).extract().path("job_id"));
        }
        given().auth().oauth2(key).delete(JOBS + "/" + created.get(0)).then().statusCode(200);

        given().auth().oauth2(key).queryParam("per_page", 2).when().get(JOBS)
                .then().statusCode(200)
                .body("jobs.job_id", equalTo(List.of(created.get(2), created.get(1))))
                .body("pagination.current_page", equalTo(1))
                .body("pagination.total_pages", equalTo(2))
                .body("pagination.total_count", equalTo(3))
                .body("pagination.per_page", equalTo(2));
        given().auth().oauth2(key).queryParam("page", 2).queryParam("per_page", 2).when().get(JOBS)
                .then().statusCode(200).body("jobs.job_id", equalTo(List.of(created.get(0))));
        given().auth().oauth2(key).queryParam("status", "cancelled").when().get(JOBS)
                .then().statusCode(200).body("jobs.job_id", equalTo(List.of(created.get(0))))
                .body("pagination.per_page", equalTo(50));
    }

    @Test
    void another_accounts_jobs_do_not_exist_on_any_endpoint_and_never_show_in_the_list() throws Exception {
        String owner = TestAccounts.create();
        String stranger = TestAccounts.create();
        String jobId = create(owner, "[1]").statusCode(201).extract().path("job_id");

        given().auth().oauth2(stranger).get(JOBS + "/" + jobId).then().statusCode(404);
        given().auth().oauth2(stranger).get(JOBS + "/" + jobId + "/results").then().statusCode(404);
        given().auth().oauth2(stranger).delete(JOBS + "/" + jobId).then().statusCode(404);
        given().auth().oauth2(stranger).get(JOBS).then().statusCode(200).body("jobs", hasSize(0));
        given().auth().oauth2(owner).get(JOBS + "/" + jobId).then().statusCode(200).body("status", equalTo("submitted"));
    }

    @Test
    void a_job_reads_the_same_on_its_own_as_in_the_list_with_every_member_set() throws Exception {
        String key = TestAccounts.create();
        String jobId = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"report_type\":\"units\",\"output_format\":\"parquet\",\"start_date\":\"2024-01-01\","
                        + "\"end_date\":\"2024-01-31\",\"property_ids\":[3,1,2],"
                        + "\"callback_url\":\"https://93.184.216.34/hook\"}")
                .post(JOBS).then().statusCode(201).extract().path("job_id");
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("""
                    UPDATE api.jobs SET status = 'SUCCEEDED', error_message = 'none', started_at = now(),
                           completed_at = now() + interval '1.234567 second', rows_written = 12345678901,
                           properties_done = 2, properties_total = 3, result_row_count = 12345678901,
                           result_file_size_bytes = 987654321012, result_sha256 = 'ab12',
                           result_object_key = 'exports/x/y.parquet', result_file_name = 'y.parquet',
                           webhook_status = 'failed', webhook_attempts = 7,
                           webhook_last_attempt_at = now() + interval '2 seconds', webhook_last_response_status = 503
                     WHERE id = '%s'""".formatted(jobId));
        }

        Map<String, Object> alone = given().auth().oauth2(key).get(JOBS + "/" + jobId)
                .then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> listed = given().auth().oauth2(key).get(JOBS)
                .then().statusCode(200).extract().jsonPath().getMap("jobs[0]");
        assertThat(alone).isEqualTo(listed).containsKeys("progress", "result", "webhook", "started_at");
        assertThat(alone.get("property_ids")).isEqualTo(List.of(3, 1, 2));
    }

    @Test
    void cancel_is_200_again_for_a_cancelled_job() throws Exception {
        String key = TestAccounts.create();
        String jobId = create(key, "[1]").extract().path("job_id");

        given().auth().oauth2(key).delete(JOBS + "/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled")).body("job_id", equalTo(jobId));
        given().auth().oauth2(key).delete(JOBS + "/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled"));
        given().auth().oauth2(key).get(JOBS + "/" + jobId + "/results")
                .then().statusCode(409).body("message", containsString("cancelled"));
    }

    @Test
    void the_same_idempotency_key_gives_back_the_original_job_and_another_body_is_a_conflict() throws Exception {
        String key = TestAccounts.create();
        String idempotencyKey = UUID.randomUUID().toString();

        String first = create(key, "[1,2]", idempotencyKey).statusCode(201).extract().path("job_id");
        create(key, "[1,2]", idempotencyKey).statusCode(200).body("job_id", equalTo(first));
        create(key, "[1,3]", idempotencyKey).statusCode(409).body("message", containsString("Idempotency-Key"));
        given().auth().oauth2(key).get(JOBS).then().body("pagination.total_count", equalTo(1));
    }

    @Test
    void quota_counts_each_property_once_a_month_refuses_beyond_the_limit_and_gives_back_on_cancel() throws Exception {
        String key = TestAccounts.create(3, null, TestAccounts.ALL_PERMISSIONS);
        String first = create(key, "[1,2]").statusCode(201).extract().path("job_id");

        impact(key, "[2,3,4]").body("total_quota", equalTo(3)).body("consumed_quota", equalTo(2))
                .body("requested_records", equalTo(3)).body("new_records", equalTo(2))
                .body("prev_records", equalTo(1)).body("expected_new_consumed_quota", equalTo(4));
        create(key, "[2,3,4]").statusCode(403)
                .body("quota_limit", equalTo(3)).body("quota_usage", equalTo(2))
                .body("message", containsString("quota"));
        create(key, "[1,2,3]").statusCode(201);

        String fourth = create(key, "[1,2]").statusCode(201).extract().path("job_id");
        given().auth().oauth2(key).delete(JOBS + "/" + first).then().statusCode(200);
        impact(key, "[4]").body("consumed_quota", equalTo(3));
        given().auth().oauth2(key).delete(JOBS + "/" + fourth).then().statusCode(200);
        impact(key, "[4]").body("consumed_quota", equalTo(3));
        assertThat(fourth).isNotEqualTo(first);
    }

    @Test
    void concurrent_creates_take_an_account_exactly_to_its_quota_and_re_exports_stay_free() throws Exception {
        String key = TestAccounts.create(10, null, TestAccounts.ALL_PERMISSIONS);
        create(key, "[1,2,3,4]").statusCode(201);

        // At once: 12 re-exports of counted properties (free) and 12 jobs that each need one new record, of
        // which 6 fit.
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            bodies.add("[" + (1 + i % 4) + "]");
            bodies.add("[" + (1 + i % 4) + "," + (100 + i) + "]");
        }
        List<Integer> statuses = concurrently(key, bodies);

        Set<Long> expected = new TreeSet<>(List.of(1L, 2L, 3L, 4L));
        for (int i = 0; i < 12; i++) {
            assertThat(statuses.get(2 * i)).as("re-export " + bodies.get(2 * i)).isEqualTo(201);
            assertThat(statuses.get(2 * i + 1)).as("new " + bodies.get(2 * i + 1)).isIn(201, 403);
            if (statuses.get(2 * i + 1) == 201) {
                expected.add(100L + i);
            }
        }
        assertThat(expected).hasSize(10);
        assertThat(counted(key)).isEqualTo(expected);
        impact(key, "[1]").body("consumed_quota", equalTo(10));
    }

    @Test
    void concurrent_creates_sharing_new_properties_count_each_once_and_never_pass_the_quota() throws Exception {
        String key = TestAccounts.create(5, null, TestAccounts.ALL_PERMISSIONS);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add("[" + (20 + i % 8) + "," + (21 + i % 8) + "]");
        }
        List<Integer> statuses = concurrently(key, bodies);

        Set<Long> exported = new TreeSet<>();
        for (int i = 0; i < bodies.size(); i++) {
            if (statuses.get(i) == 201) {
                exported.addAll(List.of(20L + i % 8, 21L + i % 8));
            } else {
                assertThat(statuses.get(i)).isEqualTo(403);
            }
        }
        assertThat(exported).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(counted(key)).isEqualTo(exported);
    }

    @Test
    void a_cancelled_job_gives_back_what_it_newly_consumed() throws Exception {
        String key = TestAccounts.create(5, null, TestAccounts.ALL_PERMISSIONS);
        String jobId = create(key, "[5,6]").statusCode(201).extract().path("job_id");
        impact(key, "[7]").body("consumed_quota", equalTo(2));

        given().auth().oauth2(key).delete(JOBS + "/" + jobId).then().statusCode(200);

        impact(key, "[7]").body("consumed_quota", equalTo(0));
    }

    @Test
    void properties_outside_the_entitlement_are_refused_and_listed() throws Exception {
        String key = TestAccounts.create(10_000, List.of(1L, 2L), TestAccounts.ALL_PERMISSIONS);

        create(key, "[1,2]").statusCode(201);
        create(key, "[2,7,1,9]").statusCode(403)
                .contentType("application/problem+json")
                .body("error", equalTo("Forbidden"))
                .body("message", equalTo("property_ids outside your entitlement: 7, 9"));
    }

    @Test
    void a_key_over_its_rate_limit_gets_429_with_the_retry_headers() throws Exception {
        String key = TestAccounts.create(10_000, null, TestAccounts.ALL_PERMISSIONS, 3);
        for (int i = 3; i > 0; i--) {
            given().auth().oauth2(key).get(JOBS).then().statusCode(200)
                    .header("X-RateLimit-Limit", "3").header("X-RateLimit-Remaining", String.valueOf(i - 1));
        }
        given().auth().oauth2(key).get(JOBS).then().statusCode(429)
                .contentType("application/problem+json")
                .body("error", equalTo("Too Many Requests"))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .header("X-RateLimit-Reset-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .header("X-RateLimit-Reset", org.hamcrest.Matchers.matchesPattern("[0-9]{10}"));
        given().auth().oauth2(TestAccounts.create()).get(JOBS).then().statusCode(200);
    }

    @Test
    void the_result_link_is_the_url_results_redirects_to_as_json_and_only_for_the_owner() throws Exception {
        String key = TestAccounts.create();
        String jobId = create(key, "[1]").statusCode(201).extract().path("job_id");
        given().auth().oauth2(key).get(JOBS + "/" + jobId + "/results/link").then().statusCode(409);
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("""
                    UPDATE api.jobs SET status = 'SUCCEEDED', started_at = now(), completed_at = now(),
                           result_row_count = 1, result_file_size_bytes = 10, result_sha256 = 'ab12',
                           result_object_key = 'exports/x/y.csv', result_file_name = 'y.csv'
                     WHERE id = '%s'""".formatted(jobId));
        }

        String link = given().auth().oauth2(key).get(JOBS + "/" + jobId + "/results/link")
                .then().statusCode(200).header("Cache-Control", "no-store").extract().path("url");
        String redirect = given().auth().oauth2(key).redirects().follow(false).get(JOBS + "/" + jobId + "/results")
                .then().statusCode(302).extract().header("Location");
        assertThat(link).contains("X-Amz-Expires=604800", "X-Amz-Signature=");
        assertThat(link.substring(0, link.indexOf('?'))).isEqualTo(redirect.substring(0, redirect.indexOf('?')));
        given().auth().oauth2(TestAccounts.create()).get(JOBS + "/" + jobId + "/results/link").then().statusCode(404);
    }

    @Test
    void a_key_without_the_export_permission_may_read_but_not_create() throws Exception {
        String key = TestAccounts.create(10_000, null, List.of("exports:read"));

        create(key, "[1]").statusCode(403).body("message", containsString("exports:write"));
        given().auth().oauth2(key).get(JOBS).then().statusCode(200);
    }

    @Test
    void the_openapi_document_describes_every_endpoint_field_and_error_and_swagger_ui_is_served() {
        var document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        assertThat(document.getMap("paths")).containsKeys(JOBS, JOBS + "/{job_id}", JOBS + "/{job_id}/results",
                JOBS + "/{job_id}/results/link", JOBS + "/quota_impact");
        assertThat(document.getMap("paths.'" + JOBS + "'.post.responses"))
                .containsKeys("200", "201", "400", "401", "403", "409", "415", "429");
        assertThat(document.getMap("paths.'" + JOBS + "/{job_id}'.delete.responses")).containsKeys("200", "404", "409");
        assertThat(document.getMap("components.schemas.JobSnapshot.properties")).containsKeys("job_id",
                "report_type", "output_format", "property_ids", "start_date", "end_date", "status", "callback_url",
                "error_message", "created_at", "updated_at", "started_at", "completed_at", "progress", "result");
        assertThat(document.getMap("components.schemas.CreateJobRequest.properties")).containsKeys("report_type",
                "output_format", "start_date", "end_date", "property_ids", "callback_url");
        assertThat(document.getMap("components.schemas.ProblemBody.properties")).containsKeys("error", "message",
                "type", "title", "status", "detail");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static ValidatableResponse create(String key, String propertyIds) {
        return create(key, propertyIds, null);
    }

    private static ValidatableResponse create(String key, String propertyIds, String idempotencyKey) {
        var request = given().auth().oauth2(key).contentType(ContentType.JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body(propertyIds)).when().post(JOBS).then();
    }

    /** Creates a job per body, all at once; the answers' statuses in the order of the bodies. */
    private static List<Integer> concurrently(String key, List<String> propertyIdLists) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(propertyIdLists.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String ids : propertyIdLists) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return create(key, ids).extract().statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The properties counted against the key's account this month. */
    private static Set<Long> counted(String key) throws Exception {
        Set<Long> counted = new TreeSet<>();
        try (var db = TestAccounts.connect(); var query = db.prepareStatement("""
                SELECT q.property_id FROM api.quota_usage q JOIN api.api_keys k ON k.account_id = q.account_id
                 WHERE k.key_hash = ? AND q.month = date_trunc('month', now() AT TIME ZONE 'UTC')::date""")) {
            query.setString(1, ApiKey.hash(key));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    counted.add(rows.getLong(1));
                }
            }
        }
        return counted;
    }

    private static ValidatableResponse impact(String key, String propertyIds) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body(propertyIds))
                .when().post(JOBS + "/quota_impact").then().statusCode(200);
    }

    private static String body(String propertyIds) {
        return """
                {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                 "end_date":"2024-01-31","property_ids":%s}""".formatted(propertyIds);
    }
}
