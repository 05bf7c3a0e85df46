package dev.bulkexport.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import dev.bulkexport.testsupport.WorkRecords;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.events.JobCancelRequested;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.worker.config.WorkerConfig;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.worker.report.ReportReader;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.worker.service.Cancellations;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The worker on real PostgreSQL, Kafka and S3Proxy, through failures of its dependencies and bad records. */
@QuarkusTest
class ExportRecoveryTest {
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(120);
    private static final LocalDate JANUARY_1 = LocalDate.of(2024, 1, 1);
    private static final LocalDate JANUARY_31 = LocalDate.of(2024, 1, 31);
    private static final LocalDate DECEMBER_31 = LocalDate.of(2024, 12, 31);

    @S3ProxyTestResource.InjectS3Proxy
    S3ProxyTestResource.S3Proxy s3Proxy;
    @Inject
    MeterRegistry registry;
    @Inject
    S3Client s3;
    @Inject
    WorkerConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Cancellations cancellations;
    @Inject
    ReportReader reader;

    @Test
    void an_upload_cut_off_by_an_s3_outage_is_redone_from_the_start_and_succeeds_exactly_once() throws Exception {
        List<Long> properties = LongStream.rangeClosed(1, 12).boxed().toList();
        // Paced (application.properties, %test), the job reads for about ten seconds.
        assertThat(config.maxRowsPerSecond()).isPositive();
        ShardSubmitted job = job(ReportType.PROPERTY, properties, JANUARY_1, DECEMBER_31);
        double retriesBefore = retries();
        submit(job);
        // Progress is reported once rows flow into the open multipart upload.
        await().atMost(Duration.ofSeconds(60)).until(() -> !updates(job, JobProgressed.class).isEmpty());
        s3Proxy.stop();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= retriesBefore + 2);
        } finally {
            s3Proxy.start();
        }

        JobCompleted outcome = awaitOutcome(job);
        long rows = propertyDays(properties, JANUARY_1, DECEMBER_31);
        assertThat(rows).isGreaterThan(1000);
        assertThat(outcome.outcome()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(outcome.rowCount()).isEqualTo(rows);
        String csv = s3.getObjectAsBytes(get -> get.bucket(config.bucket()).key(outcome.objectKey())).asUtf8String();
        assertThat(csv.split("\r\n")).hasSize((int) rows + 1);
        assertThat(updates(job, JobCompleted.class)).containsExactly(outcome);
    }

    @Test
    void malformed_records_go_to_the_dead_letter_topics_and_the_records_behind_them_are_still_processed()
            throws Exception {
        ShardSubmitted job = job(ReportType.PROPERTY, List.of(3L), JANUARY_1, JANUARY_31);
        UUID cancelledJob = UUID.randomUUID();
        // Same keys, so the good records sit behind the bad ones in the same partitions.
        KafkaRecords.send(Topics.SHARD_SUBMITTED, job.jobId().toString(), "{not json");
        KafkaRecords.send(Topics.JOB_CANCEL_REQUESTED, cancelledJob.toString(), "{\"type\":\"NoSuchEvent\"}");
        KafkaRecords.send(Topics.JOB_CANCEL_REQUESTED, cancelledJob.toString(),
                EventCodec.encode(JobCancelRequested.of(cancelledJob, UUID.randomUUID())));
        submit(job);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                KafkaRecords.readAll(Topics.SHARD_SUBMITTED + ".dlq")).anySatisfy(record -> {
                    assertThat(record.key()).isEqualTo(job.jobId().toString());
                    assertThat(record.value()).isEqualTo("{not json");
                }));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                KafkaRecords.readAll(Topics.JOB_CANCEL_REQUESTED + ".dlq")).anySatisfy(record -> {
                    assertThat(record.key()).isEqualTo(cancelledJob.toString());
                    assertThat(record.value()).isEqualTo("{\"type\":\"NoSuchEvent\"}");
                }));
        await().atMost(Duration.ofSeconds(60)).until(() -> cancellations.isCancelled(cancelledJob));
        JobCompleted outcome = awaitOutcome(job);
        assertThat(outcome.outcome()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(outcome.rowCount()).isEqualTo(propertyDays(List.of(3L), JANUARY_1, JANUARY_31)).isPositive();
    }

    @Test
    void a_job_whose_query_fails_on_its_data_is_reported_failed_without_a_retry() throws Exception {
        double retriesBefore = retries();
        // PostgreSQL does not read an ISO date with a negative year ('-5000-01-01', SQLState class 22): the
        // query fails, and would every time.
        ShardSubmitted job = job(ReportType.UNITS, List.of(1L), LocalDate.of(-5000, 1, 1), JANUARY_31);
        submit(job);

        JobCompleted outcome = awaitOutcome(job);
        assertThat(outcome.outcome()).isEqualTo(JobStatus.FAILED);
        assertThat(outcome.errorMessage()).isEqualTo("The export could not be built");
        assertThat(retries()).isEqualTo(retriesBefore);
    }

    @Test
    void a_copy_stopped_half_way_leaves_no_spoilt_connection_for_the_next_job() {
        // Units come straight from COPY; a sink failing mid-way is an upload that broke or a cancelled job.
        ReportDefinition units = Reports.forType(ReportType.UNITS);
        assertThat(ReportReader.copyPrintsAsJava(units)).isTrue();
        List<Long> properties = LongStream.rangeClosed(1, 5).boxed().toList();
        // The pool hands a thread back its own connection: every call below would reuse a spoilt one.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long complete = reader.copyCsv(units, ColumnSelection.of(units, null), properties, JANUARY_1, DECEMBER_31, (record, length) -> { });
            assertThat(complete).isGreaterThan(100);
            for (int attempt = 0; attempt < 3; attempt++) {
                long[] seen = {0};
                assertThatThrownBy(() -> reader.copyCsv(units, ColumnSelection.of(units, null), properties, JANUARY_1, DECEMBER_31, (record, length) -> {
                    if (++seen[0] == 50) {
                        throw new java.io.IOException("upload failed");
                    }
                })).hasMessage("upload failed");
                assertThat(reader.copyCsv(units, ColumnSelection.of(units, null), properties, JANUARY_1, DECEMBER_31, (record, length) -> { }))
                        .isEqualTo(complete);
                assertThat(reader.read(units, properties, JANUARY_1, DECEMBER_31, row -> { })).isEqualTo(complete);
            }
        });
    }

    private static ShardSubmitted job(ReportType report, List<Long> propertyIds, LocalDate start, LocalDate end) {
        return WorkRecords.job(report, OutputFormat.CSV, propertyIds, start, end);
    }

    private static void submit(ShardSubmitted job) throws Exception {
        KafkaRecords.send(Topics.SHARD_SUBMITTED, job.jobId().toString(), WorkRecords.signed(job));
    }

    private static <T extends JobEvent> List<T> updates(ShardSubmitted job, Class<T> type) {
        return KafkaRecords.readAll(Topics.WORKER_UPDATES).stream()
                .filter(record -> job.jobId().toString().equals(record.key()))
                .map(ConsumerRecord::value)
                .map(EventCodec::decode)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static JobCompleted awaitOutcome(ShardSubmitted job) {
        return await().atMost(OUTCOME_TIMEOUT).until(() -> updates(job, JobCompleted.class), list -> !list.isEmpty())
                .get(0);
    }

    private double retries() {
        return registry.find("bulk_export.export.retries").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Rows of the property report, counted straight from the table it reads. */
    private long propertyDays(List<Long> propertyIds, LocalDate start, LocalDate end) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM "
                        + "property_data.property_daily_metrics WHERE property_id = ANY (?) AND date BETWEEN ? AND ?")) {
            count.setArray(1, connection.createArrayOf("bigint", propertyIds.toArray()));
            count.setObject(2, start);
            count.setObject(3, end);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
