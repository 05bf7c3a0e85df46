package dev.bulkexport.api.service;

import java.time.Duration;

/** The account already has as many unfinished jobs as its cap allows (issue 13; DESIGN §9 "Fairness"). */
public class TooManyUnfinishedJobsException extends RuntimeException {
    private final int cap;
    private final Duration retryAfter;

    public TooManyUnfinishedJobsException(int cap, Duration retryAfter) {
        super("This account already has " + cap + " unfinished jobs, the most it may have at once"
                + " (max_unfinished_jobs = " + cap + "); retry when one of them finishes or cancel one", null,
                false, false);
        this.cap = cap;
        this.retryAfter = retryAfter;
    }

    public int cap() {
        return cap;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
