package dev.bulkexport.api.job;

/**
 * Reads a create-job body with every rule of POST /jobs (implemented by the REST layer's parser), so that a
 * schedule's run is checked exactly as a job created by hand. May resolve the callback host: call it off the
 * event loop.
 */
public interface JobRequestReader {

    /** @throws RuntimeException whose message names the broken field and rule */
    CreateJobCommand read(String createJobBody);
}
