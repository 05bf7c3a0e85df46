package dev.bulkexport.api;

import dev.bulkexport.api.schedule.ScheduleRunner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules, on the module's {@link TestClock}: the test sets the time and runs the due-check itself (the test
 * profile schedules none, {@code %test.export.schedules.check-interval=off}), so a run happens only when it says.
 */
@QuarkusTest
class ScheduleApiTest {
    private static final String SCHEDULES = "/api/v1/bulk_api/schedules";

    @Inject
    TestClock clock;
    @Inject
    ScheduleRunner runner;
    @Inject
    dev.bulkexport.api.schedule.ScheduleConfig limits;

    /**
     * Each test starts with no schedule of another test, whose runs the clock's jumps would add and whose pending
     * runs (another class's backfills) would take the check's batches; and it leaves real time behind it.
     */
    @BeforeEach
    void noSchedules() throws Exception {
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("DELETE FROM api.schedules");
        }
    }

    @AfterEach
    void realTimeAndNoSchedules() throws Exception {
        clock.reset();
        noSchedules();
    }

    private static String body(String cadence, String zone, String window) {
        return "{\"name\":\"warehouse sync\",\"report_type\":\"units\",\"output_format\":\"csv\",\"property_ids\":[1,2],"
                + "\"cadence\":\"" + cadence + "\",\"time_zone\":\"" + zone + "\",\"window\":" + window + "}";
    }

    private static ValidatableResponse post(String key, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post(SCHEDULES).then();
    }

    private String create(String key, String body) {
        return post(key, body).statusCode(201).extract().path("schedule_id");
    }

    private void checkAt(String instant) {
        clock.set(Instant.parse(instant));
        runner.check().await().indefinitely();
    }

    private static List<Map<String, Object>> runs(String key, String id) {
        return given().auth().oauth2(key).get(SCHEDULES + "/" + id + "/runs").then().statusCode(200)
                .extract().path("runs");
    }

    private static void setStatus(Object jobId, String status) throws Exception {
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("UPDATE api.jobs SET status = '" + status + "', completed_at = now()"
                    + " WHERE id = '" + UUID.fromString((String) jobId) + "'");
        }
    }

    @Test
    void a_monthly_schedule_creates_one_job_per_month_for_the_month_that_ended() throws Exception {
        String key = TestAccounts.create();
        clock.set(Instant.parse("2025-01-15T10:00:00Z"));
        String id = create(key, body("monthly", "Europe/Berlin", "\"previous_period\""));
        given().auth().oauth2(key).get(SCHEDULES + "/" + id).then().statusCode(200)
                .body("next_run_at", equalTo("2025-01-31T23:00:00Z")).body("last_run", nullValue());

        checkAt("2025-01-31T22:59:00Z");
        assertThat(runs(key, id)).isEmpty();
        for (String at : List.of("2025-02-01T08:00:00Z", "2025-02-01T09:00:00Z", "2025-03-01T08:00:00Z",
                "2025-04-01T08:00:00Z", "2025-04-02T08:00:00Z")) {
            checkAt(at);
        }

        List<Map<String, Object>> runs = runs(key, id);
        assertThat(runs).extracting(run -> run.get("start_date") + ".." + run.get("end_date"))
                .containsExactly("2025-03-01..2025-03-31", "2025-02-01..2025-02-28", "2025-01-01..2025-01-31");
        List<String> jobs = given().auth().oauth2(key).get("/api/v1/bulk_api/jobs").then().statusCode(200)
                .extract().path("jobs.job_id");
        assertThat(jobs).hasSize(3);
        for (Map<String, Object> run : runs) {
            assertThat(run.get("status")).isEqualTo("submitted");
            given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + run.get("job_id")).then().statusCode(200)
                    .body("schedule_id", equalTo(id)).body("start_date", equalTo(run.get("start_date")));
        }
        given().auth().oauth2(key).get(SCHEDULES + "/" + id).then().statusCode(200)
                .body("next_run_at", equalTo("2025-04-30T22:00:00Z"))
                .body("last_run.job_id", equalTo(runs.get(0).get("job_id")))
                .body("last_run.status", equalTo("submitted"));
    }

    @Test
    void two_replicas_checking_at_the_same_moment_create_one_job_per_period() throws Exception {
        String key = TestAccounts.create();
        clock.set(Instant.parse("2025-05-10T00:00:00Z"));
        String id = create(key, body("daily", "UTC", "\"previous_period\""));
        clock.set(Instant.parse("2025-05-14T00:30:00Z")); // four periods due at once, as after an outage
        for (int round = 0; round < 3; round++) {
            CompletableFuture<Integer> one = runner.check().subscribeAsCompletionStage();
            CompletableFuture<Integer> two = runner.check().subscribeAsCompletionStage();
            CompletableFuture.allOf(one, two).join();
        }
        assertThat(runs(key, id)).extracting(run -> run.get("start_date"))
                .containsExactly("2025-05-13", "2025-05-12", "2025-05-11", "2025-05-10");
        assertThat(runs(key, id)).extracting(run -> run.get("job_id")).doesNotContainNull().doesNotHaveDuplicates();
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs").then().body("jobs", hasSize(4));
    }

    @Test
    void since_last_success_covers_every_day_once_across_a_failed_and_a_missed_run() throws Exception {
        String key = TestAccounts.create();
        clock.set(Instant.parse("2025-03-10T12:00:00Z"));
        String id = create(key, body("daily", "UTC", "\"since_last_success\""));

        checkAt("2025-03-11T01:00:00Z");
        setStatus(runs(key, id).get(0).get("job_id"), "FAILED");
        checkAt("2025-03-12T01:00:00Z");
        assertThat(runs(key, id).get(0)).containsEntry("start_date", "2025-03-10").containsEntry("end_date", "2025-03-11");
        checkAt("2025-03-13T01:00:00Z"); // its window would start after a success still unknown: it waits
        assertThat(runs(key, id)).hasSize(2);
        setStatus(runs(key, id).get(0).get("job_id"), "SUCCEEDED");
        checkAt("2025-03-15T01:00:00Z"); // the runs of the 13th to the 15th fold into one
        setStatus(runs(key, id).get(0).get("job_id"), "SUCCEEDED");
        checkAt("2025-03-16T01:00:00Z");
        setStatus(runs(key, id).get(0).get("job_id"), "SUCCEEDED");

        List<Map<String, Object>> runs = runs(key, id);
        assertThat(runs).hasSize(4);
        List<LocalDate> exported = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            if ("succeeded".equals(run.get("status"))) {
                for (LocalDate day = LocalDate.parse((String) run.get("start_date"));
                        !day.isAfter(LocalDate.parse((String) run.get("end_date"))); day = day.plusDays(1)) {
                    exported.add(day);
                }
            }
        }
        assertThat(exported).hasSize(6).doesNotHaveDuplicates()
                .containsAll(LocalDate.parse("2025-03-10").datesUntil(LocalDate.parse("2025-03-16")).toList());
    }

    @Test
    void backfill_queues_the_whole_past_periods_once_and_refuses_more_than_36() throws Exception {
        String key = TestAccounts.create();
        clock.set(Instant.parse("2025-06-15T00:00:00Z"));
        String id = create(key, body("monthly", "America/New_York", "\"previous_period\""));
        String backfill = SCHEDULES + "/" + id + "/backfill";

        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"from\":\"2025-01-10\",\"to\":\"2025-04-30\"}")
                .post(backfill).then().statusCode(202).body("runs.start_date", equalTo(List.of("2025-02-01", "2025-03-01",
                        "2025-04-01")));
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"from\":\"2025-01-01\",\"to\":\"2025-05-31\"}")
                .post(backfill).then().statusCode(202).body("runs.start_date", equalTo(List.of("2025-01-01", "2025-05-01")));
        runner.check().await().indefinitely();
        assertThat(runs(key, id)).hasSize(5).allSatisfy(run -> assertThat(run).containsEntry("backfill", true)
                .containsEntry("status", "submitted"));

        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"from\":\"2020-01-01\",\"to\":\"2024-12-31\"}")
                .post(backfill).then().statusCode(400).body("message", containsString("at most 36 periods"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"from\":\"2025-06-01\",\"to\":\"2025-06-30\"}")
                .post(backfill).then().statusCode(400).body("message", containsString("No whole period"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"from\":\"2025-03-01\",\"to\":\"2025-02-01\"}")
                .post(backfill).then().statusCode(400).body("message", containsString("from must not be after to"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"from\":\"2025-03\"}")
                .post(backfill).then().statusCode(400).body("message", containsString("from must be a date"));
    }

    @Test
    void every_broken_rule_is_a_400_naming_the_field() throws Exception {
        String key = TestAccounts.create();
        Map<String, String> refused = Map.ofEntries(
                Map.entry(body("hourly", "UTC", "\"previous_period\""), "cadence must be"),
                Map.entry(body("0 * * * *", "UTC", "\"previous_period\""), "at most once a day"),
                Map.entry(body("daily", "Mars/Olympus", "\"previous_period\""), "time_zone must be an IANA"),
                Map.entry(body("daily", "UTC", "\"forever\""), "window must be"),
                Map.entry(body("daily", "UTC", "{\"last_days\":0}"), "window must be"),
                Map.entry(body("daily", "UTC", "{\"last_days\":7,\"x\":1}"), "window must be"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("\"units\"", "\"rooms\""), "report_type"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("[1,2]", "[]"), "property_ids"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("\"name\":\"warehouse sync\",", ""),
                        "name is required"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("}", ",\"destination_id\":\"d1\"}"),
                        "destination_id must be the id (a UUID) of one of the account's destinations"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("}", ",\"start_date\":\"2025-01-01\"}"),
                        "start_date is not a schedule member"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("}", ",\"paused\":\"yes\"}"),
                        "paused must be true or false"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("}", ",\"colour\":\"red\"}"),
                        "Unknown field 'colour'"),
                Map.entry(body("daily", "UTC", "\"previous_period\"").replace("}",
                        ",\"callback_url\":\"http://127.0.0.1/x\"}"), "callback_url"),
                Map.entry("[1]", "JSON object"),
                Map.entry("{", "not valid JSON"));
        refused.forEach((body, message) -> post(key, body).statusCode(400)
                .contentType("application/problem+json").body("message", containsString(message)));

        String id = create(key, body("daily", "UTC", "\"previous_period\""));
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"time_zone\":\"Nowhere\"}")
                .patch(SCHEDULES + "/" + id).then().statusCode(400).body("message", containsString("time_zone"));
        given().auth().oauth2(key).get(SCHEDULES + "?per_page=0").then().statusCode(400)
                .body("message", containsString("per_page"));
    }

    @Test
    void a_schedule_is_edited_paused_resumed_and_deleted_and_keeps_its_jobs() throws Exception {
        String key = TestAccounts.create();
        clock.set(Instant.parse("2025-07-01T12:00:00Z"));
        String id = create(key, body("weekly", "Europe/Berlin", "{\"last_days\":7}"));
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"name\":\"nightly\",\"cadence\":\"0 3 * * *\",\"callback_url\":\"https://93.184.216.34/hook\"}")
                .patch(SCHEDULES + "/" + id).then().statusCode(200)
                .body("name", equalTo("nightly")).body("cadence", equalTo("0 3 * * *"))
                .body("window.last_days", equalTo(7)).body("report_type", equalTo("units"))
                .body("callback_url", equalTo("https://93.184.216.34/hook"))
                .body("next_run_at", equalTo("2025-07-02T01:00:00Z"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"paused\":true,\"callback_url\":null}")
                .patch(SCHEDULES + "/" + id).then().statusCode(200)
                .body("paused", equalTo(true)).body("next_run_at", nullValue()).body("callback_url", nullValue());
        checkAt("2025-07-05T12:00:00Z");
        assertThat(runs(key, id)).isEmpty();
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"paused\":false}")
                .patch(SCHEDULES + "/" + id).then().statusCode(200).body("next_run_at", equalTo("2025-07-06T01:00:00Z"));
        checkAt("2025-07-06T02:00:00Z");
        assertThat(runs(key, id)).singleElement().satisfies(run -> assertThat(run)
                .containsEntry("start_date", "2025-06-29").containsEntry("end_date", "2025-07-05"));
        String jobId = (String) runs(key, id).get(0).get("job_id");

        given().auth().oauth2(key).get(SCHEDULES).then().statusCode(200)
                .body("schedules.schedule_id", equalTo(List.of(id))).body("pagination.total_count", equalTo(1));
        given().auth().oauth2(key).delete(SCHEDULES + "/" + id).then().statusCode(204);
        given().auth().oauth2(key).get(SCHEDULES + "/" + id).then().statusCode(404);
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then().statusCode(200)
                .body("schedule_id", equalTo(id));
    }

    @Test
    void another_accounts_schedules_do_not_exist_and_read_keys_cannot_change_them() throws Exception {
        String owner = TestAccounts.create();
        String stranger = TestAccounts.create();
        String reader = TestAccounts.create(10_000, null, List.of("exports:read"));
        String id = create(owner, body("daily", "UTC", "\"previous_period\""));
        String json = "{\"from\":\"2025-01-01\",\"to\":\"2025-01-02\"}";

        given().auth().oauth2(stranger).get(SCHEDULES + "/" + id).then().statusCode(404);
        given().auth().oauth2(stranger).get(SCHEDULES + "/" + id + "/runs").then().statusCode(404);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body("{\"paused\":true}")
                .patch(SCHEDULES + "/" + id).then().statusCode(404);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(json)
                .post(SCHEDULES + "/" + id + "/backfill").then().statusCode(404);
        given().auth().oauth2(stranger).delete(SCHEDULES + "/" + id).then().statusCode(404);
        given().auth().oauth2(stranger).get(SCHEDULES).then().statusCode(200).body("schedules", hasSize(0));
        given().auth().oauth2(stranger).get(SCHEDULES + "/not-a-uuid").then().statusCode(404);
        post(reader, body("daily", "UTC", "\"previous_period\"")).statusCode(403);
        given().auth().oauth2(owner).get(SCHEDULES + "/" + id).then().statusCode(200).body("paused", equalTo(false));
    }

    @Test
    void a_run_that_job_creation_refuses_is_rejected_with_its_reason_and_later_runs_still_happen() throws Exception {
        String key = TestAccounts.create(10_000, List.of(1L, 2L), TestAccounts.ALL_PERMISSIONS);
        clock.set(Instant.parse("2025-08-01T12:00:00Z"));
        String id = create(key, body("daily", "UTC", "\"previous_period\""));
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("DELETE FROM api.account_properties WHERE property_id = 2"
                    + " AND account_id = (SELECT account_id FROM api.schedules WHERE id = '" + id + "')");
        }
        checkAt("2025-08-02T01:00:00Z");
        assertThat(runs(key, id)).singleElement().satisfies(run -> {
            assertThat(run).containsEntry("status", "rejected").containsEntry("job_id", null);
            assertThat((String) run.get("error_message")).contains("2");
        });
        Set<Object> statuses = new HashSet<>();
        given().auth().oauth2(key).get(SCHEDULES + "/" + id).then().statusCode(200)
                .body("last_run.status", equalTo("rejected"));
        checkAt("2025-08-03T01:00:00Z");
        runs(key, id).forEach(run -> statuses.add(run.get("status")));
        assertThat(statuses).containsExactlyInAnyOrder("rejected");
        assertThat(runs(key, id)).hasSize(2);
    }

    @Test
    void an_account_at_its_cap_with_many_due_runs_does_not_hold_back_another_accounts_due_run() throws Exception {
        String busy = TestAccounts.withCaps(1, 8);
        String other = TestAccounts.create();
        clock.set(Instant.parse("2025-09-01T12:00:00Z"));
        String busySchedule = create(busy, body("daily", "UTC", "\"previous_period\""));
        String otherSchedule = create(other, body("daily", "UTC", "\"previous_period\""));
        checkAt("2025-09-02T00:30:00Z");
        assertThat(runs(busy, busySchedule)).singleElement().satisfies(run -> assertThat(run.get("job_id")).isNotNull());
        // The busy account is at its cap (one unfinished job) with 50 more due runs, all older than the other's.
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("INSERT INTO api.schedule_runs (schedule_id, run_at, start_date,"
                    + " end_date, backfill, status, created_at) SELECT '" + busySchedule + "',"
                    + " timestamptz '2025-06-01T00:00:00Z' + n * interval '1 day', date '2025-05-31' + n,"
                    + " date '2025-05-31' + n, false, 'pending', timestamptz '2025-01-01T00:00:00Z' + n * interval '1 minute'"
                    + " FROM generate_series(1, 50) n");
        }

        checkAt("2025-09-03T00:30:00Z"); // one check interval after the other's run is due

        assertThat(runs(other, otherSchedule)).hasSize(2).allSatisfy(run -> assertThat(run)
                .containsEntry("status", "submitted").doesNotContainEntry("job_id", null));
        assertThat(pendingRuns(busySchedule)).isEqualTo(51);

        // With room again, the busy account's backlog is taken a few runs per check, not all at once.
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("UPDATE api.accounts SET max_unfinished_jobs = NULL WHERE id ="
                    + " (SELECT account_id FROM api.schedules WHERE id = '" + busySchedule + "')");
        }
        checkAt("2025-09-03T00:31:00Z");
        assertThat(pendingRuns(busySchedule)).isEqualTo(51 - limits.runsPerAccountPerCheck());
    }

    /** Counted in the table: a schedule's runs are more than one page here. */
    private static long pendingRuns(String scheduleId) throws Exception {
        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery("SELECT count(*) FROM"
                + " api.schedule_runs WHERE status = 'pending' AND schedule_id = '" + UUID.fromString(scheduleId) + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void an_account_may_have_at_most_the_configured_number_of_schedules() throws Exception {
        String key = TestAccounts.create();
        clock.set(Instant.parse("2025-10-01T12:00:00Z"));
        String first = create(key, body("daily", "UTC", "\"previous_period\""));
        try (var db = TestAccounts.connect()) {
            db.createStatement().executeUpdate("INSERT INTO api.schedules (id, account_id, name, job_options, cadence,"
                    + " time_zone, run_window, paused, next_run_at, created_at, updated_at) SELECT gen_random_uuid(),"
                    + " account_id, name || n, job_options, cadence, time_zone, run_window, paused, next_run_at,"
                    + " created_at, updated_at FROM api.schedules, generate_series(2, " + limits.maxPerAccount()
                    + ") n WHERE id = '" + first + "'");
        }

        post(key, body("daily", "UTC", "\"previous_period\"")).statusCode(400).body("message",
                equalTo("schedules: an account may have at most " + limits.maxPerAccount()
                        + " schedules (MAX_SCHEDULES_PER_ACCOUNT); delete one first"));
        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON)
                .body(body("daily", "UTC", "\"previous_period\"")).post(SCHEDULES).then().statusCode(201);
        given().auth().oauth2(key).delete(SCHEDULES + "/" + first).then().statusCode(204);
        create(key, body("daily", "UTC", "\"previous_period\""));
    }
}
