package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;
import java.time.Duration;
import java.util.Map;

/** The account already has as many unfinished jobs as its cap allows: 429 naming the cap, with Retry-After. */
public class TooManyUnfinishedJobsException extends ApiProblem {
    private final int cap;
    private final Duration retryAfter;

    public TooManyUnfinishedJobsException(int cap, Duration retryAfter) {
        super(429, "This account already has " + cap + " unfinished jobs, the most it may have at once"
                + " (max_unfinished_jobs = " + cap + "); retry when one of them finishes or cancel one");
        this.cap = cap;
        this.retryAfter = retryAfter;
    }

    @Override
    public Map<String, Object> members() {
        return Map.of("max_unfinished_jobs", cap);
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
