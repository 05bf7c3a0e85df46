package dev.bulkexport.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void events_travel_as_snake_case_json_with_their_type_and_come_back_equal() {
        ShardSubmitted event = ShardSubmitted.of(UUID.randomUUID(), UUID.randomUUID(), 1, 1, new JobSpec(
                ReportType.UNITS, OutputFormat.PARQUET, List.of(7L, 9L), LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 1, 31), null, null, null, null, null, null), null);

        String json = EventCodec.encode(event);

        assertThat(json).contains("\"type\":\"ShardSubmitted\"", "\"report_type\":\"units\"",
                "\"output_format\":\"parquet\"", "\"property_ids\":[7,9]", "\"start_date\":\"2024-01-01\"",
                "\"schema_version\":1");
        assertThat(EventCodec.decode(json)).isEqualTo(event);
    }

    @Test
    void a_webhook_attempt_travels_with_its_outcome_and_comes_back_equal() {
        WebhookAttempted event = WebhookAttempted.of(UUID.randomUUID(), UUID.randomUUID(), "msg_x_succeeded", 2,
                java.time.Instant.parse("2026-01-02T03:04:05Z"), dev.bulkexport.common.WebhookStatus.PENDING, 503, "HTTP 503",
                java.time.Instant.parse("2026-01-02T03:09:05Z"));

        String json = EventCodec.encode(event);

        assertThat(json).contains("\"type\":\"WebhookAttempted\"", "\"webhook_id\":\"msg_x_succeeded\"",
                "\"attempt\":2", "\"delivery_status\":\"pending\"", "\"response_status\":503",
                "\"schema_version\":1");
        assertThat(EventCodec.decode(json)).isEqualTo(event);
    }

    @Test
    void a_redelivery_request_names_the_webhook_and_comes_back_equal() {
        UUID job = UUID.randomUUID();
        WebhookRedeliveryRequested event = WebhookRedeliveryRequested.of(job, UUID.randomUUID(),
                JobStatusChanged.webhookIdOf(job, JobStatus.SUCCEEDED));

        String json = EventCodec.encode(event);

        assertThat(json).contains("\"type\":\"WebhookRedeliveryRequested\"",
                "\"webhook_id\":\"msg_" + job + "_succeeded\"");
        assertThat(EventCodec.decode(json)).isEqualTo(event);
    }

    @Test
    void a_job_snapshot_without_webhook_state_still_reads_and_writes() {
        JobSnapshot old = new JobSnapshot(UUID.randomUUID(), new JobSpec(ReportType.PROPERTY, OutputFormat.CSV,
                List.of(1L), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), null, null, null, null, null, null),
                JobStatus.SUBMITTED, null, null, java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null, null, null);
        JobStatusChanged event = JobStatusChanged.of(old, UUID.randomUUID());

        assertThat(old.webhook()).isNull();
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void a_job_completed_without_files_reads_as_its_one_file() {
        UUID job = UUID.randomUUID();
        String old = EventCodec.encode(new JobCompleted(UUID.randomUUID(), java.time.Instant.now(), 1, job,
                UUID.randomUUID(), JobStatus.SUCCEEDED, 7L, 70L, "ab".repeat(32), "exports/a/" + job + "/f.csv",
                "f.csv", null, null, null));

        JobCompleted read = (JobCompleted) EventCodec.decode(old);

        assertThat(read.files()).isNull();
        assertThat(read.filesOrSingle()).containsExactly(
                new JobCompleted.File(1, "exports/a/" + job + "/f.csv", "f.csv", 7, 70, "ab".repeat(32)));
    }

    @Test
    void a_reader_ignores_members_added_by_a_newer_writer() {
        JobCompleted event = JobCompleted.failed(UUID.randomUUID(), UUID.randomUUID(), "boom");
        String json = EventCodec.encode(event).replaceFirst("\\{", "{\"added_later\":{\"x\":1},");

        assertThat(EventCodec.decode(json)).isEqualTo(event);
    }

    @Test
    void unknown_types_and_broken_json_are_malformed_not_crashes() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"Nope\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("not json"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"JobCompleted\",\"outcome\":\"maybe\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void only_submitted_jobs_move_and_only_to_an_outcome() {
        assertThat(JobStatus.SUBMITTED.canMoveTo(JobStatus.SUCCEEDED)).isTrue();
        assertThat(JobStatus.SUBMITTED.canMoveTo(JobStatus.SUBMITTED)).isFalse();
        assertThat(JobStatus.SUCCEEDED.canMoveTo(JobStatus.FAILED)).isFalse();
        assertThat(JobStatus.CANCELLED.canMoveTo(JobStatus.SUCCEEDED)).isFalse();
    }
}
