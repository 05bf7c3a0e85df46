package dev.bulkexport.notifier.client;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.notifier.config.NotifierConfig;
import dev.bulkexport.notifier.domain.AttemptResult;
import dev.bulkexport.notifier.domain.Delivery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed attempt of a delivery and says how it went; never throws. The callback URL passes the
 * SSRF guard again first (DNS may have changed since the job was created), and a refusal is a failed
 * attempt with the rule as its reason; the attempt connects to the address the guard vetted.
 */
@ApplicationScoped
public class WebhookSender {
    private final WebhookHttpClient http;
    private final CallbackUrlGuard guard;
    private final Clock clock;

    @Inject
    public WebhookSender(NotifierConfig config, Vertx vertx) {
        this(new WebhookHttpClient(vertx, config.requestTimeout()), new CallbackUrlGuard(config.allowHttpCallbacks(),
                config.callbackAllowedHosts().orElse(List.of())), Clock.systemUTC());
    }

    WebhookSender(WebhookHttpClient http, CallbackUrlGuard guard, Clock clock) {
        this.http = http;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * Signs with the account's secrets (two during a rotation's overlap) and posts to the address the guard vetted. The guard's DNS lookup runs
     * on a worker thread of its own, so the lookups of one round run side by side, never one after another
     * and never on the caller's thread.
     */
    public Uni<AttemptResult> send(Delivery delivery, List<String> secrets) {
        Instant at = clock.instant();
        if (secrets.isEmpty()) {
            return Uni.createFrom().item(AttemptResult.noResponse(at, "the account has no signing secret"));
        }
        return Uni.createFrom().item(() -> guard.vet(delivery.callbackUrl()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(vetted -> post(delivery, secrets, vetted, at))
                .onFailure(CallbackUrlGuard.RefusedCallbackUrl.class).recoverWithItem(e ->
                        AttemptResult.noResponse(at, "refused by the SSRF guard: " + e.getMessage()));
    }

    private Uni<AttemptResult> post(Delivery delivery, List<String> secrets, CallbackUrlGuard.Vetted vetted,
            Instant at) {
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", delivery.webhookId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSigner.sign(secrets, delivery.webhookId(), timestamp, delivery.payload()));
        return Uni.createFrom().completionStage(() -> http.post(vetted.uri(), vetted.addresses().get(0), headers,
                        delivery.payload()))
                .map(reply -> AttemptResult.response(at, reply.status(), retryAfter(reply.retryAfter())))
                .onFailure().recoverWithItem(e -> AttemptResult.noResponse(at, describe(e)));
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "no response within the timeout";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
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
    }
}
