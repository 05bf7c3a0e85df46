package dev.bulkexport.common;

import java.util.List;

/**
 * A state change that the {@link StateMachine} of its kind does not allow, such as cancelling a job that has
 * succeeded. The API answers it with 409; its message names the thing, its state and which states allow the move.
 */
public class IllegalTransitionException extends RuntimeException {
    private final String from;
    private final String to;

    public IllegalTransitionException(String subject, Object id, String from, String to, List<String> allowedFrom) {
        super(capitalised(subject) + " " + id + " has status " + from + "; it cannot become " + to
                + (allowedFrom.isEmpty() ? "" : " (only from " + String.join(" or ", allowedFrom) + ")"));
        this.from = from;
        this.to = to;
    }

    /** A move refused for a reason the table does not express (e.g. a job without a webhook to resend). */
    public IllegalTransitionException(String message) {
        super(message);
        this.from = null;
        this.to = null;
    }

    /** The state it was in, as on the wire; null when the move was refused for another reason. */
    public String from() {
        return from;
    }

    /** The state it was asked to move to, as on the wire. */
    public String to() {
        return to;
    }

    private static String capitalised(String subject) {
        return Character.toUpperCase(subject.charAt(0)) + subject.substring(1);
    }
}
