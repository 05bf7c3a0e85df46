package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * State of a job's outcome webhook, kept by the notifier (its deliveries) and shown on the job: pending until a
 * receiver answered 2xx ({@link #DELIVERED}) or the notifier gave up ({@link #FAILED}); a redelivery makes it
 * pending again.
 */
public enum WebhookStatus {
    PENDING, DELIVERED, FAILED;

    /** Pending moves on after each attempt; an ended delivery starts again only by a redelivery. */
    private static final StateMachine<WebhookStatus> MOVES = StateMachine.of(WebhookStatus.class, "webhook")
            .allow(PENDING, PENDING, DELIVERED, FAILED)
            .allow(DELIVERED, PENDING)
            .allow(FAILED, PENDING)
            .build();

    public static StateMachine<WebhookStatus> moves() {
        return MOVES;
    }

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static WebhookStatus fromWire(String wire) {
        return WireEnum.parse(WebhookStatus.class, wire, "webhook status");
    }
}
