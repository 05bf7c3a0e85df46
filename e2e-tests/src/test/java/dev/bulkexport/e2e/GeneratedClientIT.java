package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.generated.ApiClient;
import dev.bulkexport.generated.ApiException;
import dev.bulkexport.generated.api.AdminApi;
import dev.bulkexport.generated.api.BulkExportJobsApi;
import dev.bulkexport.generated.api.DestinationsApi;
import dev.bulkexport.generated.api.PropertiesApi;
import dev.bulkexport.generated.api.SchedulesApi;
import dev.bulkexport.generated.model.BackfillRequest;
import dev.bulkexport.generated.model.CreateJobRequest;
import dev.bulkexport.generated.model.Destination;
import dev.bulkexport.generated.model.DestinationRequest;
import dev.bulkexport.generated.model.JobSnapshot;
import dev.bulkexport.generated.model.JobStatus;
import dev.bulkexport.generated.model.ProblemBody;
import dev.bulkexport.generated.model.QuotaImpactResponse;
import dev.bulkexport.generated.model.ResultManifest;
import dev.bulkexport.generated.model.Schedule;
import dev.bulkexport.generated.model.ScheduleChanges;
import dev.bulkexport.generated.model.ScheduleRequest;
import dev.bulkexport.generated.model.ScheduleWindow;
import dev.bulkexport.testsupport.CustomerBucket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed workflow through a Java client generated from the committed docs/openapi.yaml (the e2e-tests build
 * generates it, as docs/clients.md tells a customer to): if the document promised what the server does not do, a
 * call here fails to send, to parse or to type-check. Refusals arrive as the generated ApiException whose body
 * parses as the generated ProblemBody.
 */
@ExtendWith(SharedStack.Extension.class)
class GeneratedClientIT {
    private static final Duration JOB_WAIT = Duration.ofSeconds(180);

    private static SharedStack system;
    private static BulkExportJobsApi jobs;
    private static SchedulesApi schedules;
    private static DestinationsApi destinations;
    private static PropertiesApi properties;
    private static ApiClient client;

    @BeforeAll
    static void aClientOfANewAccount(SharedStack shared) throws Exception {
        system = shared;
        client = new ApiClient();
        client.updateBaseUri(shared.stack().apiBaseUrl());
        String key = shared.newAccountKey("generated-client");
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        jobs = new BulkExportJobsApi(client);
        schedules = new SchedulesApi(client);
        destinations = new DestinationsApi(client);
        properties = new PropertiesApi(client);
    }

    private static CreateJobRequest march(List<Long> ids) {
        return new CreateJobRequest().reportType(CreateJobRequest.ReportTypeEnum.PROPERTY)
                .outputFormat(CreateJobRequest.OutputFormatEnum.CSV)
                .startDate(LocalDate.of(2024, 3, 1)).endDate(LocalDate.of(2024, 3, 31)).propertyIds(ids);
    }

    private static ProblemBody problem(ApiException e) throws Exception {
        return client.getObjectMapper().readValue(e.getResponseBody(), ProblemBody.class);
    }

    @Test
    void a_job_is_created_polled_listed_downloaded_and_counted_against_the_quota() throws Exception {
        // Properties no other test of this account exports, so that the quota counts are this test's.
        QuotaImpactResponse impact = jobs.quotaImpact(march(List.of(11L, 12L, 13L)));
        assertThat(impact.getNewRecords()).isEqualTo(3);

        JobSnapshot created = jobs.createJob(march(List.of(11L, 12L, 13L)), "generated-" + UUID.randomUUID());
        assertThat(created.getStatus()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(created.getCompletedAt()).isNull();
        String id = created.getJobId().toString();

        JobSnapshot done = await().atMost(JOB_WAIT).until(() -> jobs.getJob(id),
                job -> job.getStatus() != JobStatus.SUBMITTED);
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getResult().getRowCount()).isPositive();
        assertThat(done.getCompletedAt()).isNotNull();

        assertThat(jobs.listJobs(1, 20, "succeeded").getJobs()).extracting(JobSnapshot::getJobId)
                .contains(created.getJobId());
        assertThat(URI.create(jobs.getResultLink(id).getUrl()).getScheme()).startsWith("http");
        ResultManifest manifest = jobs.getResultManifest(id);
        assertThat(manifest.getRowCount()).isEqualTo(done.getResult().getRowCount());
        assertThat(manifest.getFiles()).hasSize(1);

        assertThat(jobs.quotaImpact(march(List.of(11L, 12L, 13L, 14L))).getNewRecords()).isEqualTo(1);

        ApiException finished = catchThrowableOfType(ApiException.class, () -> jobs.cancelJob(id));
        assertThat(finished.getCode()).isEqualTo(409);
        assertThat(problem(finished).getStatus()).isEqualTo(409);
    }

    @Test
    void a_submitted_job_is_cancelled_and_refusals_are_problems() throws Exception {
        JobSnapshot created = jobs.createJob(march(List.of(8L)).startDate(LocalDate.of(2023, 1, 1))
                .endDate(LocalDate.of(2024, 12, 31)).reportType(CreateJobRequest.ReportTypeEnum.UNITS), null);
        JobSnapshot cancelled = jobs.cancelJob(created.getJobId().toString());
        assertThat(cancelled.getStatus()).isIn(JobStatus.CANCELLED, JobStatus.SUCCEEDED);

        ApiException missing = catchThrowableOfType(ApiException.class,
                () -> jobs.getJob(UUID.randomUUID().toString()));
        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(problem(missing).getMessage()).startsWith("No job");

        ApiException future = catchThrowableOfType(ApiException.class,
                () -> jobs.createJob(march(List.of(1L)).endDate(LocalDate.now().plusDays(2)), null));
        assertThat(future.getCode()).isEqualTo(400);
        assertThat(problem(future).getMessage()).contains("end_date");
    }

    @Test
    void properties_are_looked_up_within_the_entitlement() throws Exception {
        var found = properties.lookupProperties(null, 1, 10, null, null, null);
        assertThat(found.getProperties()).isNotEmpty();
        assertThat(found.getPagination().getPerPage()).isEqualTo(10);
    }

    @Test
    void a_schedule_is_created_paused_backfilled_listed_and_deleted() throws Exception {
        Schedule schedule = schedules.createSchedule(new ScheduleRequest().name("monthly " + UUID.randomUUID())
                .reportType(ScheduleRequest.ReportTypeEnum.PROPERTY).outputFormat(ScheduleRequest.OutputFormatEnum.CSV)
                .propertyIds(List.of(4L, 5L)).cadence("monthly").timeZone("Europe/Berlin")
                .window(new ScheduleWindow("previous_period")));
        String id = schedule.getScheduleId().toString();
        assertThat(schedule.getLastRun()).isNull();
        assertThat(schedule.getNextRunAt()).isNotNull();

        Schedule paused = schedules.updateSchedule(id, new ScheduleChanges().paused(true));
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.getNextRunAt()).isNull();

        schedules.backfillSchedule(id, new BackfillRequest().from(LocalDate.of(2024, 1, 1)).to(LocalDate.of(2024, 2, 29)));
        await().atMost(JOB_WAIT).until(() -> schedules.listScheduleRuns(id, 1, 10).getRuns(), runs -> runs.size() == 2);
        assertThat(schedules.listSchedules(1, 50).getSchedules()).extracting(Schedule::getScheduleId)
                .contains(schedule.getScheduleId());

        ApiException bad = catchThrowableOfType(ApiException.class,
                () -> schedules.updateSchedule(id, new ScheduleChanges().cadence("every full moon")));
        assertThat(bad.getCode()).isEqualTo(400);
        assertThat(problem(bad).getMessage()).contains("cadence");

        schedules.deleteSchedule(id);
        assertThat(catchThrowableOfType(ApiException.class, () -> schedules.getSchedule(id)).getCode()).isEqualTo(404);
    }

    @Test
    void a_destination_is_added_listed_and_deleted() throws Exception {
        CustomerBucket customer = system.customerBucket();
        Destination added = destinations.createDestination(new DestinationRequest()
                .type(DestinationRequest.TypeEnum.S3).name("warehouse").bucket(CustomerBucket.BUCKET)
                .prefix("generated/" + UUID.randomUUID()).region("us-east-1").endpoint(customer.endpoint())
                .accessKeyId(CustomerBucket.ACCESS_KEY).secretAccessKey(CustomerBucket.SECRET_KEY));
        String id = added.getDestinationId().toString();
        assertThat(destinations.listDestinations(1, 50).getDestinations()).extracting(Destination::getDestinationId)
                .contains(added.getDestinationId());
        assertThat(destinations.getDestination(id).getBucket()).isEqualTo(CustomerBucket.BUCKET);

        ApiException refused = catchThrowableOfType(ApiException.class, () -> destinations.createDestination(
                new DestinationRequest().type(DestinationRequest.TypeEnum.S3).name("wrong").bucket(CustomerBucket.BUCKET)
                        .prefix("x").region("us-east-1").endpoint(customer.endpoint())
                        .accessKeyId(CustomerBucket.ACCESS_KEY).secretAccessKey("wrong-" + CustomerBucket.SECRET_KEY)));
        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(problem(refused).getMessage()).contains("secret_access_key");

        destinations.deleteDestination(id);
        assertThat(catchThrowableOfType(ApiException.class, () -> destinations.getDestination(id)).getCode())
                .isEqualTo(404);
    }

    @Test
    void the_admin_api_creates_an_account_and_a_name_taken_is_a_409() throws Exception {
        ApiClient admin = new ApiClient();
        admin.updateBaseUri(system.stack().adminBaseUrl().replaceFirst("/admin/v1$", "")); // the document's paths name /admin/v1
        admin.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + system.stack().adminToken()));
        AdminApi accounts = new AdminApi(admin);
        String name = "generated-" + UUID.randomUUID();
        var account = accounts.createAccount(new dev.bulkexport.generated.model.CreateAccountRequest().name(name));
        var key = accounts.issueKey(account.getAccountId(), new dev.bulkexport.generated.model.IssueKeyRequest());
        assertThat(key.getApiKey()).isNotBlank();
        ApiException taken = catchThrowableOfType(ApiException.class,
                () -> accounts.createAccount(new dev.bulkexport.generated.model.CreateAccountRequest().name(name)));
        assertThat(taken.getCode()).isEqualTo(409);
        assertThat(admin.getObjectMapper().readValue(taken.getResponseBody(), Map.class).get("status")).isEqualTo(409);
    }
}
