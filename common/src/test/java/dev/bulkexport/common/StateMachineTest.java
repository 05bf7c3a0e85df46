package dev.bulkexport.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every move of every table, allowed or not: a change to a table shows up here as a failing row. */
class StateMachineTest {

    static Stream<Arguments> jobMoves() {
        List<JobStatus> allowedFromSubmitted = List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
        return Stream.of(JobStatus.values()).flatMap(from -> Stream.of(JobStatus.values()).map(to ->
                Arguments.of(from, to, from == JobStatus.SUBMITTED && allowedFromSubmitted.contains(to))));
    }

    static Stream<Arguments> webhookMoves() {
        return Stream.of(
                Arguments.of(WebhookStatus.PENDING, WebhookStatus.PENDING, true),
                Arguments.of(WebhookStatus.PENDING, WebhookStatus.DELIVERED, true),
                Arguments.of(WebhookStatus.PENDING, WebhookStatus.FAILED, true),
                Arguments.of(WebhookStatus.DELIVERED, WebhookStatus.PENDING, true),
                Arguments.of(WebhookStatus.DELIVERED, WebhookStatus.DELIVERED, false),
                Arguments.of(WebhookStatus.DELIVERED, WebhookStatus.FAILED, false),
                Arguments.of(WebhookStatus.FAILED, WebhookStatus.PENDING, true),
                Arguments.of(WebhookStatus.FAILED, WebhookStatus.DELIVERED, false),
                Arguments.of(WebhookStatus.FAILED, WebhookStatus.FAILED, false));
    }

    @ParameterizedTest(name = "job {0} -> {1}: {2}")
    @MethodSource("jobMoves")
    void a_job_moves_only_from_submitted_to_an_outcome(JobStatus from, JobStatus to, boolean allowed) {
        assertThat(JobStatus.moves().allows(from, to)).isEqualTo(allowed);
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
        assertThat(from.isTerminal()).isEqualTo(from != JobStatus.SUBMITTED);
        if (allowed) {
            assertThat(JobStatus.moves().move("j1", from, to)).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> JobStatus.moves().move("j1", from, to))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageStartingWith("Job j1 has status " + from.wireName() + "; it cannot become " + to.wireName());
        }
    }

    @ParameterizedTest(name = "webhook {0} -> {1}: {2}")
    @MethodSource("webhookMoves")
    void a_webhook_ends_delivered_or_failed_and_only_a_redelivery_makes_it_pending_again(WebhookStatus from,
            WebhookStatus to, boolean allowed) {
        assertThat(WebhookStatus.moves().allows(from, to)).isEqualTo(allowed);
        if (!allowed) {
            assertThatThrownBy(() -> WebhookStatus.moves().move("msg_1", from, to))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("Webhook msg_1 has status " + from.wireName())
                    .hasMessageEndingWith("(only from pending)");
        }
    }

    @Test
    void the_webhook_rows_above_cover_every_pair_of_states() {
        assertThat(webhookMoves().count()).isEqualTo((long) WebhookStatus.values().length * WebhookStatus.values().length);
    }

    @Test
    void a_refused_move_names_the_states_it_is_allowed_from() {
        assertThatThrownBy(() -> JobStatus.moves().move("j1", JobStatus.SUCCEEDED, JobStatus.CANCELLED))
                .hasMessage("Job j1 has status succeeded; it cannot become cancelled (only from submitted)");
    }
}
