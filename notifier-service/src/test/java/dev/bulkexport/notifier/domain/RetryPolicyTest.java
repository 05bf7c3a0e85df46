package dev.bulkexport.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10)), Duration.ofHours(24));

    @Test
    void failures_follow_the_documented_schedule_and_give_up_after_the_eighth_attempt() {
        List<Duration> waits = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        for (int attempt = 1; attempt <= 7; attempt++) {
            RetryPolicy.Decision decision = policy.after(attempt, AttemptResult.response(AT, 500, null));
            assertThat(decision.status()).isEqualTo(WebhookStatus.PENDING);
            assertThat(decision.nextAttemptAt()).isEqualTo(AT.plus(waits.get(attempt - 1)));
        }
        RetryPolicy.Decision last = policy.after(8, AttemptResult.noResponse(AT, "timeout"));
        assertThat(last.status()).isEqualTo(WebhookStatus.FAILED);
        assertThat(last.nextAttemptAt()).isNull();
        assertThat(policy.maxAttempts()).isEqualTo(8);
    }

    @Test
    void a_2xx_delivers_and_a_410_stops_at_once() {
        assertThat(policy.after(1, AttemptResult.response(AT, 204, null)).status()).isEqualTo(WebhookStatus.DELIVERED);
        RetryPolicy.Decision gone = policy.after(1, AttemptResult.response(AT, 410, null));
        assertThat(gone.status()).isEqualTo(WebhookStatus.FAILED);
        assertThat(gone.reason()).contains("410");
    }

    @Test
    void a_redirect_is_a_failed_attempt() {
        AttemptResult redirect = AttemptResult.response(AT, 302, null);
        assertThat(redirect.succeeded()).isFalse();
        assertThat(redirect.error()).contains("redirects are not followed");
        assertThat(policy.after(1, redirect).status()).isEqualTo(WebhookStatus.PENDING);
    }

    @Test
    void retry_after_of_429_and_503_is_honoured_when_longer_than_the_schedule_and_capped() {
        assertThat(policy.after(1, AttemptResult.response(AT, 429, Duration.ofMinutes(1))).nextAttemptAt())
                .isEqualTo(AT.plus(Duration.ofMinutes(1)));
        assertThat(policy.after(2, AttemptResult.response(AT, 503, Duration.ofSeconds(1))).nextAttemptAt())
                .isEqualTo(AT.plus(Duration.ofMinutes(5)));
        assertThat(policy.after(1, AttemptResult.response(AT, 503, Duration.ofDays(30))).nextAttemptAt())
                .isEqualTo(AT.plus(Duration.ofHours(24)));
        assertThat(policy.after(1, AttemptResult.response(AT, 500, Duration.ofMinutes(1))).nextAttemptAt())
                .isEqualTo(AT.plus(Duration.ofSeconds(5)));
    }
}
