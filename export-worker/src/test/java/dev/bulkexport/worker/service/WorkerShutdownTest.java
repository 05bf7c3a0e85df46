package dev.bulkexport.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.bulkexport.testsupport.WorkRecords;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.worker.messaging.ShardSubmittedConsumer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a worker does with the job it runs when it is told to stop (SIGTERM), or when a rebalance takes its
 * record's partition away (a worker joins or leaves): stops it at once, aborts its upload, publishes nothing
 * and leaves its record unacknowledged for the worker that gets it next.
 */
class WorkerShutdownTest {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "export.shard.submitted";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final ShardSubmitted job = WorkRecords.job(ReportType.UNITS, OutputFormat.CSV, List.of(1L, 2L),
            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
    private final WorkerFakes.Record record = new WorkerFakes.Record(WorkRecords.signed(job));
    private final WorkerFakes.Publisher updates = new WorkerFakes.Publisher();
    private final WorkerFakes.S3 s3 = new WorkerFakes.S3();
    private final RunningExports running = new RunningExports();
    private final ExecutorService exportThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExportThread() {
        exportThread.shutdownNow();
    }

    private ShardSubmittedConsumer consumer(WorkerFakes.Reader reader, WorkerFakes.Config config) {
        Cancellations cancellations = new Cancellations(100);
        ExportBuilder builder = new ExportBuilder(reader, new dev.bulkexport.worker.storage.ExportTargets(s3, config.bucket(), null, null),
                updates, config, cancellations, running, new ShardDeadlines(Duration.ofHours(6)), null);
        return new ShardSubmittedConsumer(new ExportService(builder, updates, config, cancellations, running,
                new ExportMetrics(new SimpleMeterRegistry()), new ShardDeadlines(Duration.ofHours(6))), running,
                WorkRecords.SIGNATURE);
    }

    private CompletableFuture<CompletionStage<Void>> deliver(ShardSubmittedConsumer consumer) {
        return deliver(consumer, record);
    }

    /**
     * Delivers the record of a job whose rows never end (paced at 200,000 rows/s), and waits until its first part
     * is stored: its file is then a multipart upload, which a stop must abort.
     */
    private CompletableFuture<CompletionStage<Void>> deliverEndlessJob(WorkerFakes.Record delivered) {
        WorkerFakes.Reader reader = new WorkerFakes.Reader(-1);
        CompletableFuture<CompletionStage<Void>> handled = deliver(consumer(reader,
                new WorkerFakes.Config(Duration.ofMinutes(5), 5, 200_000)), delivered);
        await().atMost(Duration.ofSeconds(10)).until(() -> s3.calls.contains("part 1"));
        return handled;
    }

    private CompletableFuture<CompletionStage<Void>> deliver(ShardSubmittedConsumer consumer, WorkerFakes.Record delivered) {
        return CompletableFuture.supplyAsync(() -> consumer.onShardSubmitted(delivered.message), exportThread);
    }

    @Test
    void a_finished_job_is_acknowledged_once_its_outcome_is_published() {
        ShardSubmittedConsumer consumer = consumer(new WorkerFakes.Reader(10), WorkerFakes.Config.defaults());

        assertThat(deliver(consumer)).succeedsWithin(Duration.ofSeconds(10));

        assertThat(record.acked).isTrue();
        assertThat(updates.published(JobCompleted.class)).singleElement()
                .satisfies(outcome -> assertThat(outcome.outcome()).isEqualTo(JobStatus.SUCCEEDED))
                .satisfies(outcome -> assertThat(outcome.rowCount()).isEqualTo(10));
        String key = updates.published(JobCompleted.class).get(0).files().get(0).objectKey();
        assertThat(s3.calls).as("a file within one part is one PutObject, no multipart upload")
                .contains("put " + key).noneMatch(call -> call.startsWith("create "));
    }

    @Test
    void stopping_the_worker_mid_export_aborts_the_upload_publishes_no_outcome_and_leaves_the_record_unacked() {
        WorkerFakes.Reader reader = new WorkerFakes.Reader(-1);
        CompletableFuture<CompletionStage<Void>> handled = deliver(consumer(reader,
                new WorkerFakes.Config(Duration.ofMinutes(5), 5, 2000)));
        await().atMost(Duration.ofSeconds(10)).untilTrue(reader.reading);

        running.stop(STOP_WAIT);

        assertThat(handled).succeedsWithin(Duration.ofSeconds(1)).satisfies(stage -> assertThat(stage).isCompleted());
        assertThat(record.acked).isFalse();
        assertThat(record.nacked).isFalse();
        assertThat(updates.published(JobStarted.class)).hasSize(1);
        assertThat(updates.published(JobCompleted.class)).isEmpty();
        assertThat(s3.calls).as("less than a part was written: nothing was sent, so nothing is stored")
                .noneMatch(call -> call.startsWith("put ") || call.startsWith("create ") || call.startsWith("complete "));
    }

    @Test
    void stopping_the_worker_while_a_part_upload_hangs_interrupts_it_and_still_aborts_the_upload() {
        s3.partUploadsHang = true;
        CompletableFuture<CompletionStage<Void>> handled = deliver(consumer(new WorkerFakes.Reader(-1),
                new WorkerFakes.Config(Duration.ofMinutes(5), 1, 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> s3.calls.contains("part 1"));

        running.stop(STOP_WAIT);

        assertThat(handled).succeedsWithin(Duration.ofSeconds(1)).satisfies(stage -> assertThat(stage).isCompleted());
        assertThat(record.acked).isFalse();
        assertThat(record.nacked).isFalse();
        assertThat(updates.published(JobCompleted.class)).isEmpty();
        assertThat(s3.calls).contains("abort upload-1").doesNotContain("complete upload-1");
    }

    @Test
    void a_worker_stopping_while_kafka_does_not_acknowledge_the_outcome_hands_the_job_back() {
        updates.failing = event -> event instanceof JobCompleted;
        CompletableFuture<CompletionStage<Void>> handled = deliver(consumer(new WorkerFakes.Reader(10),
                WorkerFakes.Config.defaults()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> updates.attempted.stream().anyMatch(JobCompleted.class::isInstance));

        running.stop(STOP_WAIT);

        assertThat(handled).succeedsWithin(Duration.ofSeconds(1)).satisfies(stage -> assertThat(stage).isCompleted());
        assertThat(record.acked).isFalse();
        assertThat(record.nacked).isFalse();
        assertThat(updates.published(JobCompleted.class)).isEmpty();
    }

    @Test
    void a_stopping_worker_starts_no_new_job() {
        ShardSubmittedConsumer consumer = consumer(new WorkerFakes.Reader(10), WorkerFakes.Config.defaults());
        running.stop(Duration.ZERO);

        assertThat(consumer.onShardSubmitted(record.message)).isCompleted();

        assertThat(record.acked).isFalse();
        assertThat(record.nacked).isFalse();
        assertThat(updates.attempted).isEmpty();
        assertThat(s3.calls).isEmpty();
    }

    @Test
    void a_record_that_is_no_event_is_nacked_so_that_it_goes_to_the_dead_letter_topic() {
        WorkerFakes.Record malformed = new WorkerFakes.Record("{not json");

        consumer(new WorkerFakes.Reader(10), WorkerFakes.Config.defaults()).onShardSubmitted(malformed.message);

        assertThat(malformed.nacked).isTrue();
        assertThat(malformed.acked).isFalse();
        assertThat(updates.attempted).isEmpty();
    }

    @Test
    void a_rebalance_that_moves_the_partition_of_a_running_job_hands_it_back_before_the_partition_goes() {
        WorkerFakes.Record fromP0 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 0);
        running.assigned(List.of(P0, P1));
        CompletableFuture<CompletionStage<Void>> handled = deliverEndlessJob(fromP0);

        running.revoked(List.of(P0), STOP_WAIT);

        assertThat(s3.calls).as("aborted before the revocation returned").contains("abort upload-1")
                .doesNotContain("complete upload-1");
        assertThat(handled).succeedsWithin(Duration.ofSeconds(1)).satisfies(stage -> assertThat(stage).isCompleted());
        assertThat(fromP0.acked).isFalse();
        assertThat(fromP0.nacked).isFalse();
        assertThat(updates.published(JobCompleted.class)).isEmpty();
        assertThat(running.isStopping()).as("the worker itself goes on").isFalse();
    }

    @Test
    void a_rebalance_that_moves_other_partitions_leaves_the_running_job_alone() {
        WorkerFakes.Record fromP0 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 0);
        running.assigned(List.of(P0, P1));
        CompletableFuture<CompletionStage<Void>> handled = deliverEndlessJob(fromP0);

        running.revoked(List.of(P1, new TopicPartition(TOPIC, 2)), STOP_WAIT);

        assertThat(handled).isNotDone();
        assertThat(s3.calls).doesNotContain("abort upload-1");
        running.revoked(List.of(P0), STOP_WAIT);
        assertThat(handled).succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void a_record_of_a_partition_that_already_moved_is_handed_back_without_starting() {
        WorkerFakes.Record fromP0 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 0);
        running.assigned(List.of(P0, P1));
        running.revoked(List.of(P0), STOP_WAIT);

        assertThat(consumer(new WorkerFakes.Reader(10), WorkerFakes.Config.defaults()).onShardSubmitted(fromP0.message))
                .isCompleted();

        assertThat(fromP0.acked).isFalse();
        assertThat(fromP0.nacked).isFalse();
        assertThat(updates.attempted).isEmpty();
        assertThat(s3.calls).isEmpty();
    }

    @Test
    void a_job_handed_back_by_a_rebalance_leaves_its_thread_ready_for_the_next_job() {
        WorkerFakes.Record fromP0 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 0);
        WorkerFakes.Record fromP1 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 1);
        running.assigned(List.of(P0, P1));
        CompletableFuture<CompletionStage<Void>> first = deliverEndlessJob(fromP0);
        running.revoked(List.of(P0), STOP_WAIT);
        assertThat(first).succeedsWithin(Duration.ofSeconds(1));

        // the same pool thread runs the next record
        assertThat(deliver(consumer(new WorkerFakes.Reader(10), WorkerFakes.Config.defaults()), fromP1))
                .succeedsWithin(Duration.ofSeconds(10));

        assertThat(fromP1.acked).isTrue();
        assertThat(updates.published(JobCompleted.class)).singleElement()
                .satisfies(outcome -> assertThat(outcome.rowCount()).isEqualTo(10));
    }

    @Test
    void a_draining_worker_lets_its_running_job_finish_and_starts_no_new_one() {
        WorkerFakes.Record fromP0 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 0);
        WorkerFakes.Record fromP1 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 1);
        running.assigned(List.of(P0, P1));
        CountDownLatch gate = new CountDownLatch(1);
        WorkerFakes.Reader reader = new WorkerFakes.Reader(10, gate);
        ShardSubmittedConsumer consumer = consumer(reader, WorkerFakes.Config.defaults());
        CompletableFuture<CompletionStage<Void>> handled = deliver(consumer, fromP0);
        await().atMost(Duration.ofSeconds(10)).untilTrue(reader.reading);

        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> running.drain(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(consumer.onShardSubmitted(fromP1.message)).isCompleted());
        assertThat(drained).isNotDone();
        gate.countDown();

        assertThat(drained).succeedsWithin(Duration.ofSeconds(10));
        assertThat(handled).succeedsWithin(Duration.ofSeconds(1));
        assertThat(fromP0.acked).isTrue();
        assertThat(updates.published(JobCompleted.class)).singleElement()
                .satisfies(outcome -> assertThat(outcome.rowCount()).isEqualTo(10));
        assertThat(fromP1.acked).as("the record that came during the drain is left for another worker").isFalse();
        assertThat(fromP1.nacked).isFalse();
    }

    @Test
    void a_job_still_running_when_the_drain_ends_is_handed_back() {
        WorkerFakes.Record fromP0 = new WorkerFakes.Record(WorkRecords.signed(job), TOPIC, 0);
        running.assigned(List.of(P0));
        CompletableFuture<CompletionStage<Void>> handled = deliverEndlessJob(fromP0);

        running.drain(Duration.ofMillis(200));
        assertThat(handled).isNotDone();
        running.stop(STOP_WAIT);

        assertThat(handled).succeedsWithin(Duration.ofSeconds(1));
        assertThat(fromP0.acked).isFalse();
        assertThat(updates.published(JobCompleted.class)).isEmpty();
        assertThat(s3.calls).contains("abort upload-1");
    }
}
