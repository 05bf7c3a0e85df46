package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Status of a job as the API shows it. A running job is still {@link #SUBMITTED}; the three outcomes are
 * terminal and never change again.
 */
public enum JobStatus {
    SUBMITTED, SUCCEEDED, FAILED, CANCELLED;

    /** The only moves: from submitted to any outcome. Outcomes are terminal. */
    private static final StateMachine<JobStatus> MOVES = StateMachine.of(JobStatus.class, "job")
            .allow(SUBMITTED, SUCCEEDED, FAILED, CANCELLED)
            .build();

    public static StateMachine<JobStatus> moves() {
        return MOVES;
    }

    public boolean isTerminal() {
        return MOVES.next(this).isEmpty();
    }

    public boolean canMoveTo(JobStatus next) {
        return MOVES.allows(this, next);
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
