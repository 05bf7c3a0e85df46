package dev.bulkexport.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rounds driven by hand: each batch query stays open until the test answers it, so a wake-up can be placed
 * exactly while a round runs.
 */
class RelayRoundsTest {
    private static final int BATCH = 3;

    /** Batch queries asked for and not answered yet, oldest first. */
    private final Deque<UniEmitter<? super Integer>> pending = new ArrayDeque<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final RelayRounds rounds = new RelayRounds(() -> Uni.createFrom().emitter(emitter -> {
        queries.incrementAndGet();
        pending.add(emitter);
    }), BATCH);

    @Test
    void a_wake_up_during_a_round_makes_that_round_query_once_more() {
        rounds.wakeUp();
        assertThat(queries).hasValue(1);

        rounds.wakeUp(); // arrives while the first query runs: its rows may be missed by that query
        assertThat(queries).as("no second round while one runs").hasValue(1);

        pending.poll().complete(1); // a short batch, yet the wake-up came during the round
        assertThat(queries).as("the round queries again for the rows of the wake-up").hasValue(2);

        pending.poll().complete(0);
        assertThat(queries).as("no wake-up since: the round ends").hasValue(2);
        assertThat(pending).isEmpty();
    }

    @Test
    void a_full_batch_is_followed_by_the_next_at_once_and_a_short_one_ends_the_round() {
        rounds.wakeUp();
        pending.poll().complete(BATCH);
        pending.poll().complete(BATCH);
        pending.poll().complete(1);
        assertThat(queries).hasValue(3);
        assertThat(pending).isEmpty();
    }

    @Test
    void the_scheduled_round_does_nothing_while_a_woken_round_runs_and_a_new_round_starts_after_it() {
        rounds.wakeUp();
        List<Object> scheduled = new ArrayList<>();
        rounds.round().subscribe().with(scheduled::add);
        assertThat(scheduled).as("the scheduled round returns at once").hasSize(1);
        assertThat(queries).hasValue(1);

        pending.poll().complete(0);
        rounds.round().subscribe().with(scheduled::add);
        assertThat(queries).as("a round after the first ended queries").hasValue(2);
    }

    @Test
    void a_failed_round_is_not_a_failure_and_the_next_wake_up_runs_again() {
        List<Throwable> failures = new ArrayList<>();
        rounds.round().subscribe().with(ignored -> { }, failures::add);
        pending.poll().fail(new IllegalStateException("broker unavailable"));
        assertThat(failures).isEmpty();

        rounds.wakeUp();
        assertThat(queries).hasValue(2);
    }

    @Test
    void after_stop_no_round_starts() {
        rounds.stop();
        rounds.wakeUp();
        rounds.round().subscribe().with(ignored -> { });
        assertThat(queries).hasValue(0);
    }
}
