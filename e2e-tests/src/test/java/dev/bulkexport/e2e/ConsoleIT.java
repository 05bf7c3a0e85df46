package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.JobRequests;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The web console in headless chromium against the whole system (the three packaged services as processes,
 * real PostgreSQL, Kafka and S3Proxy). Each test signs in with a key of its own new account, so none sees
 * another's jobs. Screenshots go to target/console-screenshots.
 */
@ExtendWith(SharedStack.Extension.class)
class ConsoleIT {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
    private static SharedStack system;
    private static ConsolePage console;
    private static CustomerBucket customer;

    @BeforeAll
    static void theBrowser(SharedStack shared) throws Exception {
        system = shared;
        // A customer's own bucket: a second S3Proxy on loopback (ExportStack lets the api reach it over http).
        customer = shared.customerBucket();
        console = ConsolePage.open(shared.stack().apiBaseUrl() + "/console/",
                Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-downloads"));
    }

    @AfterAll
    static void stopTheBrowser() {
        if (console != null) {
            console.close();
        }
    }

    @BeforeEach
    void freshTab() {
        console.reset();
    }

    @Test
    void a_compressed_job_of_chosen_columns_created_in_the_console_succeeds_and_downloads_with_its_sha256()
            throws Exception {
        String key = newAccountKey();
        console.signIn(key);
        console.openCreate();
        console.fillCreate("property", "csv", "2024-02-01", "2024-02-29", "");
        console.fillOptions("gzip", "property_id, date, city");
        String picked = console.pickFirstProperty("Austin");
        assertThat(console.value("property_ids")).isEqualTo(picked);
        assertThat(console.quotaImpact()).contains("1 of 1 properties count against this month's quota");
        console.submitCreate();

        console.await().until(driver -> console.listedJobIds().size() == 1);
        String jobId = console.listedJobIds().get(0);
        console.awaitJob(jobId, "succeeded");
        JsonPath job = given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).jsonPath();
        assertThat(job.getList("property_ids", Integer.class)).containsExactly(Integer.parseInt(picked));
        assertThat(job.getString("compression")).isEqualTo("gzip");
        assertThat(job.getList("fields", String.class)).containsExactly("property_id", "date", "city");
        assertThat(job.getString("result.file_name")).endsWith(".csv.gz");
        assertThat(console.text("[data-job-id='" + jobId + "'] .job-result")).contains(job.getString("result.sha256"));

        console.click(jobId, "download");
        Path file = console.downloaded(job.getString("result.file_name"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file)
                && Files.size(file) == job.getLong("result.file_size_bytes"));
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(job.getString("result.sha256"));
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(file)), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("property_id,date,city");
        }
        assertThat(console.currentUrl()).doesNotContain(key);
    }

    @Test
    void a_refused_create_shows_the_apis_message_next_to_the_field_it_names() throws Exception {
        console.signIn(newAccountKey());
        console.openCreate();
        console.fillCreate("units", "jsonl", "2024-03-10", "2024-03-01", "1, 2");
        console.submitCreate();

        assertThat(console.fieldError("start_date")).isEqualTo("start_date must not be after end_date");
        assertThat(console.attribute("start_date", "aria-invalid")).isEqualTo("true");
        assertThat(console.focusedId()).isEqualTo("start_date");
        assertThat(console.attribute("end_date", "aria-invalid")).isNull();

        console.fillCreate("units", "jsonl", "2024-03-01", "2024-03-10", "1, x");
        console.submitCreate();
        console.await().until(driver -> console.attribute("property_ids", "aria-invalid") != null);
        assertThat(console.fieldError("property_ids")).isEqualTo("property_ids[1] must be a positive integer");
        assertThat(console.attribute("start_date", "aria-invalid")).isNull();
    }

    @Test
    void a_running_job_shows_its_progress_and_is_cancelled_from_the_console() throws Exception {
        String key = newAccountKey();
        String jobId = createLargeJob(key);
        console.signIn(key);

        console.awaitRunning(jobId);
        console.await().until(driver -> console.text("[data-job-id='" + jobId + "'] .progress-text")
                .matches(".*· [1-9][0-9,]* rows.*"));
        console.click(jobId, "cancel");

        console.awaitJob(jobId, "cancelled");
        assertThat(console.text("#progress-announcer")).contains("cancelled");
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }

    @Test
    void a_second_accounts_key_sees_none_of_the_first_accounts_jobs() throws Exception {
        String first = newAccountKey();
        String jobId = given().auth().oauth2(first).contentType(ContentType.JSON)
                .body(JobRequests.aJob().json())
                .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id");
        console.signIn(first);
        console.await().until(driver -> console.listedJobIds().contains(jobId));
        console.signOut();

        console.signIn(newAccountKey());
        console.await().until(driver -> console.text("#job-list").contains("No jobs yet."));
        console.await().until(driver -> "0".equals(console.text("[data-total=jobs]")));
        assertThat(console.listedJobIds()).isEmpty();
        assertThat(console.pageSource()).doesNotContain(jobId);
    }

    @Test
    void signing_out_clears_the_key_from_session_storage() throws Exception {
        String key = newAccountKey();
        console.signIn(key);
        assertThat(console.sessionStorage("sessionStorage.getItem('bulk-export.api-key')")).isEqualTo(key);
        assertThat(console.currentUrl()).doesNotContain(key);

        console.signOut();

        assertThat(console.sessionStorage("sessionStorage.length")).isEqualTo(0L);
        assertThat(console.signInShown()).isTrue();
        console.script("location.hash = '#jobs'");
        assertThat(console.signInShown()).isTrue();
    }

    @Test
    void the_console_fits_desktop_and_phone_widths_and_its_policy_blocks_inline_scripts() throws Exception {
        String key = newAccountKey();
        String done = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(JobRequests.aJob().from("2024-01-01", "2024-01-31").properties(1, 2, 3).json())
                .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id");
        console.signIn(key);
        console.awaitJob(done, "succeeded");
        String running = createLargeJob(key);
        console.script("document.getElementById('refresh').click()");
        console.awaitRunning(running);
        console.await().until(driver -> "1".equals(console.text("[data-total=succeeded]")));

        Path desktop = console.screenshot(ConsolePage.DESKTOP, screenshot("jobs-desktop-1280"));
        Path narrow = console.screenshot(ConsolePage.NARROW, screenshot("jobs-narrow-390"));
        assertThat(console.fitsTheWidth()).as("no sideways scrolling at 390 px").isTrue();
        // Shown running at both widths: cancelled now, while it still runs; the create form needs no job.
        given().auth().oauth2(key).delete("/api/v1/bulk_api/jobs/" + running).then().statusCode(200);
        console.resize(ConsolePage.DESKTOP);
        console.openCreate();
        console.fillCreate("units", "parquet", "2024-01-01", "2024-01-31", "1, 2, 3");
        console.quotaImpact();
        Path createDesktop = console.screenshot(ConsolePage.DESKTOP, screenshot("create-desktop-1280"));
        Path createNarrow = console.screenshot(ConsolePage.NARROW, screenshot("create-narrow-390"));
        assertThat(console.fitsTheWidth()).as("no sideways scrolling at 390 px").isTrue();
        System.out.println("[e2e] console screenshots: " + desktop + ", " + narrow + ", " + createDesktop + ", "
                + createNarrow);

        console.script("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                + "document.body.append(s);");
        assertThat(console.script("return window.inlineRan === true")).as("inline script blocked by the CSP")
                .isEqualTo(false);
    }

    @Test
    void a_schedule_created_in_the_console_shows_its_next_run_backfills_a_job_that_succeeds_pauses_and_is_deleted()
            throws Exception {
        String key = newAccountKey();
        console.signIn(key);
        console.openSchedules();
        console.await().until(driver -> console.text("#schedule-list").contains("No schedules yet."));
        console.fillSchedule("monthly warehouse sync", "monthly", "Europe/Berlin", "previous_period", "property", "csv",
                "1, 2, 3");
        console.submitSchedule();

        console.await().until(driver -> console.listedScheduleIds().size() == 1);
        String id = console.listedScheduleIds().get(0);
        JsonPath schedule = given().auth().oauth2(key).get("/api/v1/bulk_api/schedules/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(schedule.getString("name")).isEqualTo("monthly warehouse sync");
        assertThat(schedule.getString("cadence")).isEqualTo("monthly");
        assertThat(schedule.getString("window")).isEqualTo("previous_period");
        assertThat(schedule.getList("property_ids", Integer.class)).containsExactly(1, 2, 3);
        // Monthly is the 1st at 00:00 in the schedule's zone; the console shows that and the UTC instant.
        String firstOfNextMonth = LocalDate.now(ZoneId.of("Europe/Berlin")).withDayOfMonth(1).plusMonths(1) + " 00:00";
        String nextRun = console.scheduleText(id, "[data-next-run]");
        assertThat(nextRun).isEqualTo("Next run: " + firstOfNextMonth + " Europe/Berlin (" + utc(schedule.getString(
                "next_run_at")) + ")");
        assertThat(console.scheduleText(id, "[data-last-run]")).isEqualTo("Last run: none yet");
        assertThat(console.text("#schedule-announcer")).contains("Schedule monthly warehouse sync created");

        console.backfill(id, "2024-03-01", "2024-02-01");
        assertThat(console.fieldError("backfill-" + id + "-from")).isEqualTo("from must not be after to");
        assertThat(console.attribute("backfill-" + id + "-from", "aria-invalid")).isEqualTo("true");

        console.backfill(id, "2024-02-01", "2024-02-29");
        console.await().until(driver -> console.attribute("backfill-" + id + "-from", "aria-invalid") == null);
        String jobId = console.awaitRun(id, "succeeded").getDomAttribute("data-job-id");
        JsonPath job = given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then().statusCode(200)
                .extract().jsonPath();
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getString("schedule_id")).isEqualTo(id);
        assertThat(job.getString("start_date")).isEqualTo("2024-02-01");
        assertThat(job.getString("end_date")).isEqualTo("2024-02-29");
        assertThat(console.text("#runs-" + id + " .runs")).contains("2024-02-01 to 2024-02-29 (backfill)", jobId);
        console.await().until(driver -> console.scheduleText(id, "[data-last-run]")
                .equals("Last run: succeeded · 2024-02-01 to 2024-02-29 · job " + jobId));

        Path desktop = console.screenshot(ConsolePage.DESKTOP, screenshot("schedules-desktop-1280"));
        Path narrow = console.screenshot(ConsolePage.NARROW, screenshot("schedules-narrow-390"));
        assertThat(console.fitsTheWidth()).as("no sideways scrolling at 390 px").isTrue();
        console.resize(ConsolePage.DESKTOP);
        System.out.println("[e2e] console screenshots: " + desktop + ", " + narrow);

        console.clickSchedule(id, "pause");
        console.await().until(driver -> "true".equals(console.scheduleAttribute(id, "data-paused")));
        assertThat(console.scheduleText(id, "[data-next-run]")).isEqualTo("Next run: none while paused");
        assertThat(console.scheduleText(id, "[data-action=pause]")).isEqualTo("Resume");
        assertThat(console.script("return document.activeElement.dataset.action")).as("focus stays on the button")
                .isEqualTo("pause");
        given().auth().oauth2(key).get("/api/v1/bulk_api/schedules/" + id).then().statusCode(200)
                .body("paused", equalTo(true)).body("next_run_at", nullValue());
        console.clickSchedule(id, "pause");
        console.await().until(driver -> "false".equals(console.scheduleAttribute(id, "data-paused")));
        assertThat(console.scheduleText(id, "[data-next-run]")).startsWith("Next run: " + firstOfNextMonth);

        console.openJobs();
        console.awaitJob(jobId, "succeeded");
        assertThat(console.text("[data-job-id='" + jobId + "'] .job-what")).contains("by a schedule");
        console.openSchedules();
        console.await().until(driver -> console.listedScheduleIds().contains(id));
        console.deleteSchedule(id);
        console.await().until(driver -> console.text("#schedule-list").contains("No schedules yet."));
        assertThat(console.text("#schedule-announcer")).contains("deleted; its jobs stay");
        given().auth().oauth2(key).get("/api/v1/bulk_api/schedules/" + id).then().statusCode(404);
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then().statusCode(200)
                .body("schedule_id", equalTo(id));
    }

    @Test
    void a_refused_schedule_shows_the_apis_message_next_to_the_field_it_names() throws Exception {
        String key = newAccountKey();
        console.signIn(key);
        console.openSchedules();
        console.fillSchedule("nightly", "hourly", "UTC", "previous_period", "units", "jsonl", "1, 2");
        console.submitSchedule();

        assertThat(console.fieldError("schedule-cadence")).startsWith(
                "cadence must be daily, weekly, monthly or a 5-field cron expression");
        assertThat(console.attribute("schedule-cadence", "aria-invalid")).isEqualTo("true");
        assertThat(console.focusedId()).isEqualTo("schedule-cadence");

        console.type("schedule-cadence", "0 * * * *");
        console.submitSchedule();
        console.await().until(driver -> console.fieldError("schedule-cadence").contains("runs more than once a day"));

        console.type("schedule-cadence", "30 2 * * *");
        console.type("schedule-time_zone", "Mars/Olympus");
        console.submitSchedule();
        console.await().until(driver -> console.attribute("schedule-time_zone", "aria-invalid") != null);
        assertThat(console.fieldError("schedule-time_zone")).startsWith("time_zone must be an IANA time zone name");
        assertThat(console.attribute("schedule-cadence", "aria-invalid")).isNull();

        console.type("schedule-time_zone", "UTC");
        console.selectSchedule("schedule-window", "last_days");
        console.type("schedule-last_days", "0");
        console.submitSchedule();
        console.await().until(driver -> console.attribute("schedule-window", "aria-invalid") != null);
        assertThat(console.fieldError("schedule-window")).startsWith("window must be");

        console.selectSchedule("schedule-window", "since_last_success");
        console.type("schedule-property_ids", "1, x");
        console.submitSchedule();
        console.await().until(driver -> console.attribute("schedule-property_ids", "aria-invalid") != null);
        assertThat(console.fieldError("schedule-property_ids")).isEqualTo("property_ids[1] must be a positive integer");
        given().auth().oauth2(key).get("/api/v1/bulk_api/schedules").then().statusCode(200)
                .body("pagination.total_count", equalTo(0));
    }

    @Test
    void a_destination_added_in_the_console_is_listed_refuses_wrong_credentials_takes_a_job_and_is_deleted()
            throws Exception {
        String key = newAccountKey();
        console.signIn(key);
        console.openDestinations();
        console.await().until(driver -> console.text("#destination-list").contains("No destinations yet"));

        // Wrong secret: the API's 400 (the test write failed) next to the secret field, the secret cleared.
        console.fillDestination("warehouse", CustomerBucket.BUCKET, "console/bulk", "us-east-1", customer.endpoint(),
                CustomerBucket.ACCESS_KEY, "wrong-" + CustomerBucket.SECRET_KEY);
        console.submitDestination();
        console.await().until(driver -> console.attribute("destination-secret_access_key", "aria-invalid") != null);
        assertThat(console.fieldError("destination-secret_access_key")).startsWith("secret_access_key");
        assertThat(console.value("destination-secret_access_key")).isEmpty();
        assertThat(console.focusedId()).isEqualTo("destination-secret_access_key");

        // No such bucket: next to the bucket field.
        console.type("destination-bucket", "no-such-bucket");
        console.type("destination-secret_access_key", CustomerBucket.SECRET_KEY);
        console.submitDestination();
        console.await().until(driver -> console.attribute("destination-bucket", "aria-invalid") != null);
        assertThat(console.fieldError("destination-bucket")).startsWith("bucket: there is no bucket 'no-such-bucket'");
        assertThat(console.attribute("destination-secret_access_key", "aria-invalid")).isNull();
        given().auth().oauth2(key).get("/api/v1/bulk_api/destinations").then().statusCode(200)
                .body("pagination.total_count", equalTo(0));

        console.type("destination-bucket", CustomerBucket.BUCKET);
        console.type("destination-secret_access_key", CustomerBucket.SECRET_KEY);
        console.submitDestination();
        console.await().until(driver -> console.listedDestinationIds().size() == 1);
        String id = console.listedDestinationIds().get(0);
        String listed = console.text("#destination-list [data-destination-id='" + id + "']");
        assertThat(listed.replaceAll("\\s+", " ")).contains("warehouse", "Where s3://customer-exports/console/bulk",
                "Type s3", "Region us-east-1", "Endpoint " + customer.endpoint(),
                "Access key id " + CustomerBucket.ACCESS_KEY);
        assertThat(console.text("#destination-announcer")).contains("Destination warehouse added");
        assertThat(console.value("destination-name")).isEmpty();
        assertThat(console.value("destination-secret_access_key")).isEmpty();
        assertThat(console.pageSource()).doesNotContain(CustomerBucket.SECRET_KEY);

        Path desktop = console.screenshot(ConsolePage.DESKTOP, screenshot("destinations-desktop-1280"));
        Path narrow = console.screenshot(ConsolePage.NARROW, screenshot("destinations-narrow-390"));
        assertThat(console.fitsTheWidth()).as("no sideways scrolling at 390 px").isTrue();
        console.resize(ConsolePage.DESKTOP);

        // The schedule form offers it too.
        console.openSchedules();
        console.chooseDestination("schedule-destination_id", id);

        console.openCreate();
        console.fillCreate("property", "csv", "2024-02-01", "2024-02-29", "1, 2");
        console.chooseDestination("destination_id", id);
        console.submitCreate();
        console.await().until(driver -> console.listedJobIds().size() == 1);
        String jobId = console.listedJobIds().get(0);
        console.awaitJob(jobId, "succeeded");
        JsonPath job = given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).jsonPath();
        assertThat(job.getString("destination_id")).isEqualTo(id);
        String where = "s3://customer-exports/console/bulk/" + jobId + "/";
        console.await().until(driver -> console.text("[data-job-id='" + jobId + "'] .job-where").contains(where));
        assertThat(console.script("return document.querySelectorAll(\"[data-job-id='" + jobId
                + "'] [data-action=download]\").length")).isEqualTo(0L);
        assertThat(customer.keys()).contains("console/bulk/" + jobId + "/" + job.getString("result.file_name"));
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId + "/results").then().statusCode(409);
        Path jobsDesktop = console.screenshot(ConsolePage.DESKTOP, screenshot("destination-job-desktop-1280"));
        Path jobsNarrow = console.screenshot(ConsolePage.NARROW, screenshot("destination-job-narrow-390"));
        assertThat(console.fitsTheWidth()).as("no sideways scrolling at 390 px").isTrue();
        console.resize(ConsolePage.DESKTOP);
        System.out.println("[e2e] console screenshots: " + desktop + ", " + narrow + ", " + jobsDesktop + ", "
                + jobsNarrow);

        console.openDestinations();
        console.await().until(driver -> console.listedDestinationIds().contains(id));
        console.deleteDestination(id);
        console.await().until(driver -> console.text("#destination-list").contains("No destinations yet"));
        assertThat(console.text("#destination-announcer")).contains("Destination warehouse deleted");
        given().auth().oauth2(key).get("/api/v1/bulk_api/destinations/" + id).then().statusCode(404);
    }

    @Test
    void an_iceberg_table_is_sent_from_both_forms_its_rules_show_at_the_fields_and_the_committed_snapshot_is_shown()
            throws Exception {
        String key = newAccountKey();
        String destination = given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"type\":\"s3\","
                + "\"name\":\"lake\",\"bucket\":\"" + CustomerBucket.BUCKET + "\",\"prefix\":\"console-lake\","
                + "\"region\":\"us-east-1\",\"endpoint\":\"" + customer.endpoint() + "\",\"access_key_id\":\""
                + CustomerBucket.ACCESS_KEY + "\",\"secret_access_key\":\"" + CustomerBucket.SECRET_KEY + "\"}")
                .post("/api/v1/bulk_api/destinations").then().statusCode(201).extract().path("destination_id");
        console.signIn(key);
        console.openCreate();
        console.fillCreate("units", "csv", "2024-01-01", "2024-01-31", "1, 2");
        console.chooseDestination("destination_id", destination);
        console.type("iceberg_table", "rentals");
        console.submitCreate();
        console.await().until(driver -> console.attribute("iceberg_table", "aria-invalid") != null);
        assertThat(console.fieldError("iceberg_table")).startsWith("iceberg_table must be namespace.table");

        console.type("iceberg_table", "rentals.units");
        console.submitCreate();
        console.await().until(driver -> console.attribute("output_format", "aria-invalid") != null);
        assertThat(console.fieldError("output_format")).startsWith("output_format must be parquet for iceberg_table");
        assertThat(console.attribute("iceberg_table", "aria-invalid")).isNull();

        console.fillCreate("units", "parquet", "2024-01-01", "2024-01-31", "1, 2");
        console.submitCreate();
        console.await().until(driver -> console.listedJobIds().size() == 1);
        String jobId = console.listedJobIds().get(0);
        given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId).then().statusCode(200)
                .body("iceberg_table", equalTo("rentals.units")).body("destination_id", equalTo(destination));
        assertThat(console.text("[data-job-id='" + jobId + "'] .job-what")).contains("into Iceberg table rentals.units");

        // The job's answer as it reads once a worker committed its snapshot; the 64-bit id must show whole.
        console.awaitJob(jobId, "succeeded");
        String snapshot = "{\"table\":\"rentals.units\",\"metadata_location\":\"s3://" + CustomerBucket.BUCKET
                + "/console-lake/iceberg/rentals/units/metadata/00001-6f1c2a9e.metadata.json\","
                + "\"snapshot_id\":3051729675574597004}";
        console.script("const real = window.fetch; const snapshot = '\"iceberg\":" + snapshot + "';"
                + "window.fetch = async (url, init) => { const r = await real(url, init);"
                + " if (!String(url).includes('/jobs?')) { return r; }"
                + " const t = await r.text();"
                + " const committed = /\"iceberg\":(null|\\{[^{}]*\\})/;"
                + " const body = committed.test(t) ? t.replace(committed, snapshot)"
                + "   : t.replace('\"result\":{', '\"result\":{' + snapshot + ',');"
                + " return new Response(body, { status: r.status, headers: r.headers }); };"
                + "document.getElementById('refresh').click();");
        String shown = "[data-job-id='" + jobId + "'] [data-iceberg-snapshot]";
        console.await().until(driver -> !driver.findElements(By.cssSelector(shown)).isEmpty());
        assertThat(console.text(shown).replaceAll("\\s+", " ")).contains("Iceberg table rentals.units",
                "Snapshot id 3051729675574597004", "Metadata s3://" + CustomerBucket.BUCKET
                        + "/console-lake/iceberg/rentals/units/metadata/00001-6f1c2a9e.metadata.json");
        Path narrow = console.screenshot(ConsolePage.NARROW, screenshot("iceberg-job-narrow-390"));
        assertThat(console.fitsTheWidth()).as("no sideways scrolling at 390 px").isTrue();
        console.resize(ConsolePage.DESKTOP);
        System.out.println("[e2e] console screenshot: " + narrow);

        console.openSchedules();
        console.fillSchedule("units table", "weekly", "UTC", "previous_period", "units", "parquet", "1, 2");
        console.chooseDestination("schedule-destination_id", destination);
        console.type("schedule-iceberg_table", "rentals.units");
        console.submitSchedule();
        console.await().until(driver -> console.attribute("schedule-cadence", "aria-invalid") != null);
        assertThat(console.fieldError("schedule-cadence"))
                .startsWith("cadence must run once a month, on the first day, for iceberg_table");

        console.type("schedule-cadence", "monthly");
        console.submitSchedule();
        console.await().until(driver -> console.listedScheduleIds().size() == 1);
        String id = console.listedScheduleIds().get(0);
        given().auth().oauth2(key).get("/api/v1/bulk_api/schedules/" + id).then().statusCode(200)
                .body("iceberg_table", equalTo("rentals.units")).body("cadence", equalTo("monthly"));
        assertThat(console.scheduleText(id, ".schedule-info")).contains("into Iceberg table rentals.units");
        assertThat(console.value("schedule-iceberg_table")).as("the form is reset once created").isEmpty();
    }

    /** Some 18 s or more at the shared stack's pace: it runs while the test looks at it. */
    private static String createLargeJob(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(SharedStack.LONG_JOB)
                .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id");
    }

    /** "2024-05-01 12:34 UTC", as the console shows an instant. */
    private static String utc(String instant) {
        return instant.substring(0, 10) + " " + instant.substring(11, 16) + " UTC";
    }

    private static Path screenshot(String name) {
        return SCREENSHOTS.resolve("console-" + name + ".png");
    }

    private static String newAccountKey() throws Exception {
        return system.newAccountKey("console");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
