package dev.bulkexport.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CancellationsTest {
    private final Cancellations cancellations = new Cancellations(1000);

    @Test
    void create_and_cancel_loops_replayed_at_start_keep_memory_bounded() {
        for (int i = 0; i < 100_000; i++) {
            cancellations.cancel(UUID.randomUUID(), Instant.now());
        }

        assertThat(cancellations.size()).isEqualTo(1000);
    }

    @Test
    void a_running_jobs_cancellation_survives_a_flood_of_others_until_it_ends() {
        UUID running = UUID.randomUUID();
        cancellations.started(running);
        cancellations.cancel(running, Instant.now());
        for (int i = 0; i < 10_000; i++) {
            cancellations.cancel(UUID.randomUUID(), Instant.now());
        }

        assertThat(cancellations.isCancelled(running)).isTrue();
        cancellations.finished(running);
        assertThat(cancellations.isCancelled(running)).isFalse();
    }

    @Test
    void a_cancellation_stays_while_another_shard_of_the_job_still_runs_here() {
        UUID job = UUID.randomUUID();
        cancellations.started(job);
        cancellations.started(job);
        cancellations.cancel(job, Instant.now());

        cancellations.finished(job);
        assertThat(cancellations.isCancelled(job)).isTrue();
        cancellations.finished(job);
        assertThat(cancellations.isCancelled(job)).isFalse();
    }

    @Test
    void a_cancellation_heard_before_the_job_is_delivered_stops_it_when_it_starts() {
        UUID queued = UUID.randomUUID();
        cancellations.cancel(queued, Instant.now());

        cancellations.started(queued);

        assertThat(cancellations.isCancelled(queued)).isTrue();
    }

    @Test
    void a_cancellation_older_than_the_topics_retention_is_not_kept() {
        UUID old = UUID.randomUUID();
        cancellations.cancel(old, Instant.now().minus(Duration.ofDays(9)));

        assertThat(cancellations.isCancelled(old)).isFalse();
        assertThat(cancellations.size()).isZero();
    }
}
