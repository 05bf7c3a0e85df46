package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;

/** The job exists but is not in a state that allows the request. */
public class JobConflictException extends ApiProblem {
    public JobConflictException(String message) {
        super(409, message);
    }
}
