package dev.bulkexport.notifier.client;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.notifier.config.NotifierConfig;
import dev.bulkexport.notifier.domain.AttemptResult;
import dev.bulkexport.notifier.domain.Delivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Sends one signed attempt of a delivery and says how it went; never throws. The callback URL passes the
 * SSRF guard again first (DNS may have changed since the job was created), and a refusal is a failed
 * attempt with the rule as its reason.
 */
@ApplicationScoped
public class WebhookSender {
    private final WebhookHttpClient http;
    private final CallbackUrlGuard guard;
    private final Clock clock;

    @Inject
    public WebhookSender(NotifierConfig config) {
        this(new WebhookHttpClient(config.requestTimeout()), new CallbackUrlGuard(config.allowHttpCallbacks(),
                config.callbackAllowedHosts().orElse(List.of())), Clock.systemUTC());
    }

    WebhookSender(WebhookHttpClient http, CallbackUrlGuard guard, Clock clock) {
        this.http = http;
        this.guard = guard;
        this.clock = clock;
    }

    /** Signs with the account's secret and posts; call it off the event loop (the guard may resolve DNS). */
    public Uni<AttemptResult> send(Delivery delivery, String secret) {
        Instant at = clock.instant();
        URI url;
        try {
            url = guard.check(delivery.callbackUrl());
        } catch (CallbackUrlGuard.RefusedCallbackUrl e) {
            return Uni.createFrom().item(AttemptResult.noResponse(at, "refused by the SSRF guard: " + e.getMessage()));
        }
        if (secret == null) {
            return Uni.createFrom().item(AttemptResult.noResponse(at, "the account has no signing secret"));
        }
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", delivery.webhookId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSigner.sign(secret, delivery.webhookId(), timestamp, delivery.payload()));
        return Uni.createFrom().completionStage(() -> http.post(url, headers, delivery.payload()))
                .map(response -> AttemptResult.response(at, response.statusCode(), retryAfter(response)))
                .onFailure().recoverWithItem(e -> AttemptResult.noResponse(at, describe(e)));
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof HttpTimeoutException) {
            return "no response within the timeout";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration wait = Duration.between(Instant.now(), when);
                    return wait.isNegative() ? Duration.ZERO : wait;
                } catch (DateTimeParseException notADate) {
                    return null;
                }
            }
        }).orElse(null);
    }
}
