package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Status of a job as the API shows it. A running job is still {@link #SUBMITTED}; the three outcomes are
 * terminal and never change again.
 */
public enum JobStatus {
    SUBMITTED, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this != SUBMITTED;
    }

    /** The only allowed moves: from submitted to any outcome. */
    public boolean canMoveTo(JobStatus next) {
        return this == SUBMITTED && next.isTerminal();
    }

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static JobStatus fromWire(String wire) {
        return WireEnum.parse(JobStatus.class, wire, "status");
    }
}
