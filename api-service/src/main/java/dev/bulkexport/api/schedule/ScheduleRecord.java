package dev.bulkexport.api.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A schedule as read, with its latest run. {@code jobOptions} is the JSON of a create-job body without dates;
 * {@code nextRunAt} is null while paused.
 */
public record ScheduleRecord(UUID id, UUID accountId, String name, String jobOptions, String cadence, String timeZone,
        String runWindow, boolean paused, Instant nextRunAt, Instant createdAt, Instant updatedAt, Run lastRun) {

    public Cadence cadenceIn() {
        return Cadence.of(cadence, ZoneId.of(timeZone));
    }

    public RunWindow window() {
        return RunWindow.fromStored(runWindow);
    }

    /**
     * A run of a schedule: the period that ended at {@code runAt}, exporting {@code startDate} to {@code endDate}.
     * {@code status} is its job's status once it has one, else {@code pending} (waiting for a slot under the
     * account's cap of unfinished jobs) or {@code rejected} (job creation refused it, see {@code errorMessage}).
     */
    public record Run(Instant runAt, LocalDate startDate, LocalDate endDate, boolean backfill, String status,
            UUID jobId, String errorMessage, Instant createdAt) {
        public static final String PENDING = "pending";
        public static final String CREATED = "created";
        public static final String REJECTED = "rejected";
    }
}
