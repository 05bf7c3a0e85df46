package dev.bulkexport.notifier.domain;

import java.util.Locale;

/** State of a delivery: pending until a 2xx ({@link #DELIVERED}) or until it gives up ({@link #FAILED}). */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
