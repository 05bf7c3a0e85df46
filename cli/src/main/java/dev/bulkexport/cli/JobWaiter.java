package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Polls a job until it has an outcome, showing its progress as it goes. */
public final class JobWaiter {
    private final ApiClient api;
    private final ProgressDisplay display;
    private final Duration interval;

    public JobWaiter(ApiClient api, ProgressDisplay display, Duration interval) {
        this.api = api;
        this.display = display;
        this.interval = interval;
    }

    /** The job once succeeded, failed or cancelled; null when {@code timeout} (null: none) passed first. */
    public JsonNode awaitOutcome(String jobId, Duration timeout) {
        Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
        while (true) {
            JsonNode job = api.job(jobId);
            display.show(job);
            if (!job.path("status").asText().equals("submitted")) {
                display.finish();
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                display.finish();
                return null;
            }
            ApiClient.pause(interval);
        }
    }
}
