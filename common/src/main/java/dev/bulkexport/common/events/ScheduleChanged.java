package dev.bulkexport.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * A schedule was created, edited, paused, resumed or deleted, or one of its runs could not create a job
 * ({@code run_rejected}, with {@code errorMessage}). Runs that did create a job show as that job's
 * JobStatusChanged, whose job carries {@code schedule_id}. Keyed by the schedule id; it has no {@code job_id}.
 * {@code nextRunAt} is null while paused and after deletion.
 */
public record ScheduleChanged(UUID eventId, Instant occurredAt, int schemaVersion, UUID accountId, UUID scheduleId,
        String change, String name, String cadence, String timeZone, boolean paused, Instant nextRunAt,
        String errorMessage) implements JobEvent {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String DELETED = "deleted";
    public static final String RUN_REJECTED = "run_rejected";

    public static ScheduleChanged of(UUID accountId, UUID scheduleId, String change, String name, String cadence,
            String timeZone, boolean paused, Instant nextRunAt, String errorMessage) {
        return new ScheduleChanged(UUID.randomUUID(), Instant.now(), 1, accountId, scheduleId, change, name, cadence,
                timeZone, paused, nextRunAt, errorMessage);
    }

    /** A schedule change concerns no job. */
    @JsonIgnore
    @Override
    public UUID jobId() {
        return null;
    }

    @Override
    public UUID key() {
        return scheduleId;
    }
}
