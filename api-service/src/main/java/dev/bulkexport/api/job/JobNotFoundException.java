package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;
import java.util.UUID;

/** No job with that id exists for the caller's account. */
public class JobNotFoundException extends ApiProblem {
    public JobNotFoundException(Object jobId) {
        super(404, "No job " + jobId);
    }
}
