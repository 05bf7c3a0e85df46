package dev.bulkexport.api.service;

/** The job exists but is not in a state that allows the request. */
public class JobConflictException extends RuntimeException {
    public JobConflictException(String message) {
        super(message);
    }
}
