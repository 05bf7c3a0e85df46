package dev.bulkexport.notifier.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.AccountJobStatusChanged;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobSnapshot;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.ScheduleChanged;
import dev.bulkexport.testsupport.KafkaRecords;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The notifier routes the internal status topic to each account's own topic, without delivery details. */
@QuarkusTest
class AccountStatusRouterTest {
    private static final String CALLBACK = "https://hooks.example.com/secret-path-" + UUID.randomUUID();
    private static final String ENDPOINT = "https://s3.private-endpoint.example.com";
    private static final String BUCKET = "acme-private-bucket";

    @Test
    void each_accounts_topic_gets_its_own_jobs_outcomes_without_callback_url_or_destination_details()
            throws Exception {
        UUID account = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        JobStatusChanged mine = outcome(account);
        JobStatusChanged theirs = outcome(other);
        KafkaRecords.send(Topics.JOB_STATUS, mine.jobId().toString(), EventCodec.encode(mine));
        KafkaRecords.send(Topics.JOB_STATUS, theirs.jobId().toString(), EventCodec.encode(theirs));

        String topic = Topics.accountJobStatus(account.toString());
        List<ConsumerRecord<String, String>> routed = await().atMost(Duration.ofSeconds(30))
                .until(() -> readIfExists(topic), records -> !records.isEmpty());

        assertThat(routed).extracting(ConsumerRecord::key).containsExactly(mine.jobId().toString());
        ConsumerRecord<String, String> record = routed.get(0);
        assertThat(record.value()).doesNotContain(CALLBACK, ENDPOINT, BUCKET, "callback_url", "endpoint", "bucket");
        AccountJobStatusChanged event = (AccountJobStatusChanged) EventCodec.decode(record.value());
        assertThat(event.eventId()).isEqualTo(mine.eventId());
        assertThat(event.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(event.job().result().destinationId()).isEqualTo(mine.job().result().destination().destinationId());
        assertThat(event.job().result().sha256()).isEqualTo(mine.job().result().sha256());
        assertThat(header(record, "ce_id")).isEqualTo(mine.eventId().toString());
        assertThat(header(record, "ce_type")).isEqualTo("dev.bulkexport.AccountJobStatusChanged");
        assertThat(header(record, "ce_source")).isEqualTo("/bulk-export/notifier-service");
        assertThat(header(record, "ce_subject")).isEqualTo(mine.jobId().toString());
    }

    @Test
    void a_schedules_change_goes_to_its_accounts_topic_keyed_by_the_schedule() throws Exception {
        UUID account = UUID.randomUUID();
        ScheduleChanged change = ScheduleChanged.of(account, UUID.randomUUID(), ScheduleChanged.CREATED, "nightly",
                "daily", "UTC", false, Instant.now().plusSeconds(3600), null);
        KafkaRecords.send(Topics.JOB_STATUS, change.scheduleId().toString(), EventCodec.encode(change));

        List<ConsumerRecord<String, String>> routed = await().atMost(Duration.ofSeconds(30))
                .until(() -> readIfExists(Topics.accountJobStatus(account.toString())), records -> !records.isEmpty());

        assertThat(routed).extracting(ConsumerRecord::key).containsExactly(change.scheduleId().toString());
        assertThat(EventCodec.decode(routed.get(0).value())).isEqualTo(change);
    }

    private static List<ConsumerRecord<String, String>> readIfExists(String topic) {
        try {
            return KafkaRecords.readAll(topic);
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private static JobStatusChanged outcome(UUID account) {
        UUID job = UUID.randomUUID();
        UUID destination = UUID.randomUUID();
        Instant now = Instant.now();
        JobSnapshot snapshot = new JobSnapshot(job, new JobSpec(ReportType.PROPERTY, OutputFormat.CSV, List.of(1L),
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), null, null, null, destination, null, null),
                JobStatus.SUCCEEDED, CALLBACK, null, now, now, now, now, null,
                new JobSnapshot.Result(42, 1000, "ab".repeat(32), "property.csv", 1,
                        new JobSnapshot.ResultDestination(destination, "s3", BUCKET, "exports/" + job + "/",
                                "eu-central-1", ENDPOINT, "exports/" + job + "/property.csv"), null),
                null, null);
        return JobStatusChanged.of(snapshot, account);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
