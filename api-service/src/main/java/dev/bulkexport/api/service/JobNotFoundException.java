package dev.bulkexport.api.service;

import java.util.UUID;

/** No job with that id exists for the caller's account. */
public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(Object jobId) {
        super("No job " + jobId);
    }
}
