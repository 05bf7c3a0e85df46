package dev.bulkexport.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.JobSnapshot;
import dev.bulkexport.testsupport.WorkRecords;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.notifier.config.NotifierConfig;
import io.restassured.path.json.JsonPath;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DeliveryBodyTest {
    private final DeliveryRecorder recorder = new DeliveryRecorder(null, (NotifierConfig) Proxy.newProxyInstance(
            NotifierConfig.class.getClassLoader(), new Class<?>[] {NotifierConfig.class},
            (proxy, method, args) -> method.getName().equals("apiBaseUrl") ? "https://api.example.com" : null));

    @Test
    void the_body_of_a_job_with_5000_properties_stays_under_20_kb_and_says_how_many_there_were() {
        List<Long> ids = LongStream.rangeClosed(1_000_000, 1_004_999).boxed().toList();

        String body = recorder.body(outcome(ids));

        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(20 * 1024);
        JsonPath json = JsonPath.from(body);
        assertThat(json.getInt("data.property_ids_count")).isEqualTo(5000);
        assertThat(json.getList("data.property_ids")).isNull();
        assertThat(json.getString("data.results_url")).startsWith("https://api.example.com/api/v1/bulk_api/jobs/");
    }

    @Test
    void a_small_job_keeps_its_property_ids() {
        String body = recorder.body(outcome(List.of(4L, 5L)));

        assertThat(JsonPath.from(body).getList("data.property_ids")).containsExactly(4, 5);
        assertThat(body).doesNotContain("property_ids_count");
    }

    @Test
    void the_run_of_a_schedule_names_its_schedule_and_a_job_made_by_hand_names_none() {
        UUID schedule = UUID.randomUUID();
        Instant now = Instant.now();
        JobSnapshot run = new JobSnapshot(UUID.randomUUID(), WorkRecords.spec(ReportType.UNITS, OutputFormat.CSV,
                List.of(4L), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31)), JobStatus.SUCCEEDED,
                "https://hooks.example.com/x", null, now, now, now, now, null, null, null, schedule);

        assertThat(JsonPath.from(recorder.body(JobStatusChanged.of(run, UUID.randomUUID()))).getString("data.schedule_id"))
                .isEqualTo(schedule.toString());
        assertThat(JsonPath.from(recorder.body(outcome(List.of(4L)))).getString("data.schedule_id")).isNull();
    }

    private static JobStatusChanged outcome(List<Long> ids) {
        Instant now = Instant.now();
        return JobStatusChanged.of(new JobSnapshot(UUID.randomUUID(), WorkRecords.spec(ReportType.UNITS,
                OutputFormat.PARQUET, ids, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)), JobStatus.SUCCEEDED,
                "https://hooks.example.com/x", null, now, now, now, now, null, null, null, null), UUID.randomUUID());
    }
}
