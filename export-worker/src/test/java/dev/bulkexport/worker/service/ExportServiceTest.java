package dev.bulkexport.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import dev.bulkexport.testsupport.WorkRecords;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobStarted;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How a job's attempts and publications are repeated, and when they are given up. */
class ExportServiceTest {
    private final ShardSubmitted job = WorkRecords.job(ReportType.UNITS, OutputFormat.CSV, List.of(1L, 2L),
            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
    private final JobCompleted succeeded = JobCompleted.succeeded(job.jobId(), job.accountId(), 42, 1000,
            "ab".repeat(32), "exports/key.csv", "key.csv");
    private final WorkerFakes.Publisher updates = new WorkerFakes.Publisher();
    private final Cancellations cancellations = new Cancellations(100);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger attempts = new AtomicInteger();

    /** A build whose n-th attempt (from 1) does what {@code attempt} says. */
    @FunctionalInterface
    interface Attempt {
        JobCompleted run(int number) throws Exception;
    }

    private ExportService service(Duration retryBudget, Attempt attempt) {
        return service(retryBudget, new ShardDeadlines(Duration.ofHours(6)), attempt);
    }

    private ExportService service(Duration retryBudget, ShardDeadlines deadlines, Attempt attempt) {
        ExportBuilder builder = new ExportBuilder(null, null, null, null, null, null, null, null) {
            @Override
            JobCompleted build(ShardSubmitted submitted) throws Exception {
                return attempt.run(attempts.incrementAndGet());
            }
        };
        return new ExportService(builder, updates, new WorkerFakes.Config(retryBudget, 5, 0), cancellations,
                new RunningExports(), new ExportMetrics(registry), deadlines, time);
    }

    /** Time that moves only when the service waits: back-offs cost nothing and the budget is exact. */
    private final ManualTime time = new ManualTime();

    private static final class ManualTime implements ExportService.RetryTime {
        final java.util.List<Duration> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
        private long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void pause(Duration delay) {
            pauses.add(delay);
            now += delay.toNanos();
        }
    }

    private double retries() {
        return registry.find("bulk_export.export.retries").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void transient_failures_are_retried_from_the_start_and_only_the_success_is_published() {
        ExportService service = service(Duration.ofMinutes(5), number -> switch (number) {
            case 1 -> throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            case 2 -> throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            default -> succeeded;
        });

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(attempts).hasValue(3);
        assertThat(retries()).isEqualTo(2);
        assertThat(updates.published(JobStarted.class)).hasSize(1);
        assertThat(updates.published(JobCompleted.class)).containsExactly(succeeded);
    }

    @Test
    void a_shard_finished_before_publishes_its_checkpoint_again_and_is_not_built() {
        ShardSubmitted shard = WorkRecords.shard(job, 2, 3, job.spec());
        ShardCompleted checkpoint = ShardCompleted.succeeded(job.jobId(), job.accountId(), 2, succeeded.files());
        ExportBuilder builder = new ExportBuilder(null, null, null, null, null, null, null, null) {
            @Override
            ShardCompleted finishedBefore(ShardSubmitted submitted) {
                return checkpoint;
            }

            @Override
            ShardCompleted buildShard(ShardSubmitted submitted) {
                attempts.incrementAndGet();
                return checkpoint;
            }
        };
        ExportService service = new ExportService(builder, updates, new WorkerFakes.Config(Duration.ofMinutes(5), 5,
                0), cancellations, new RunningExports(), new ExportMetrics(registry),
                new ShardDeadlines(Duration.ofHours(6)), time);

        assertThat(service.run(shard)).isEqualTo(ExportService.Result.DONE);

        assertThat(attempts).hasValue(0);
        assertThat(updates.published(JobStarted.class)).isEmpty();
        assertThat(updates.published(ShardCompleted.class)).containsExactly(checkpoint);
    }

    @Test
    void a_transient_failure_past_the_shards_deadline_fails_it_at_once_naming_the_deadline() {
        ExportService service = service(Duration.ofMinutes(5), new ShardDeadlines(Duration.ZERO), number -> {
            throw SdkClientException.create("Unable to execute HTTP request: Read timed out");
        });

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(attempts).hasValue(1);
        assertThat(retries()).isZero();
        assertThat(updates.published(JobCompleted.class)).singleElement().satisfies(outcome -> {
            assertThat(outcome.outcome()).isEqualTo(JobStatus.FAILED);
            assertThat(outcome.errorMessage()).isEqualTo("The export did not finish within its deadline of PT0S");
        });
    }

    @Test
    void a_permanent_failure_is_published_as_failed_without_another_attempt() {
        ExportService service = service(Duration.ofMinutes(5), number -> {
            throw new SQLException("date out of range", "22008");
        });

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(attempts).hasValue(1);
        assertThat(retries()).isZero();
        assertThat(updates.published(JobCompleted.class)).singleElement()
                .extracting(JobCompleted::outcome).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void a_job_still_failing_when_its_retry_budget_is_spent_is_published_as_failed() {
        // 1 s before the second attempt fits in 1.5 s; the 2 s before a third would not.
        ExportService service = service(Duration.ofMillis(1500), number -> {
            throw SdkClientException.create("Connection refused");
        });

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(attempts).hasValue(2);
        assertThat(time.pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(updates.published(JobCompleted.class)).singleElement()
                .extracting(JobCompleted::outcome).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void a_job_cancelled_while_it_waits_to_be_retried_is_published_as_cancelled() {
        ExportService service = service(Duration.ofMinutes(5), number -> {
            cancellations.cancel(job.jobId(), java.time.Instant.now());
            throw SdkClientException.create("Connection refused");
        });

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(attempts).hasValue(1);
        assertThat(updates.published(JobCompleted.class)).singleElement()
                .extracting(JobCompleted::outcome).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void an_outcome_kafka_does_not_acknowledge_is_sent_again_with_the_same_event_id() {
        AtomicInteger sends = new AtomicInteger();
        updates.failing = event -> event instanceof JobCompleted && sends.incrementAndGet() <= 2;
        ExportService service = service(Duration.ofMinutes(5), number -> succeeded);

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(updates.attempted.stream().filter(JobCompleted.class::isInstance).toList())
                .hasSize(3).containsOnly(succeeded);
        assertThat(updates.published(JobCompleted.class)).containsExactly(succeeded);
    }

    @Test
    void a_start_kafka_does_not_acknowledge_is_sent_again_before_the_outcome() {
        AtomicInteger sends = new AtomicInteger();
        updates.failing = event -> event instanceof JobStarted && sends.incrementAndGet() == 1;
        ExportService service = service(Duration.ofMinutes(5), number -> succeeded);

        assertThat(service.run(job)).isEqualTo(ExportService.Result.DONE);

        assertThat(updates.attempted.stream().filter(JobStarted.class::isInstance).toList()).hasSize(2);
        assertThat(updates.published).as("the start, then the outcome").hasSize(2)
                .satisfies(events -> assertThat(events.get(0)).isInstanceOf(JobStarted.class))
                .satisfies(events -> assertThat(events.get(1)).isEqualTo(succeeded));
    }
}
