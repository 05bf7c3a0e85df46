package dev.bulkexport.api.schedule;


/**
 * A validated schedule body. {@code jobOptions} is the JSON of a create-job body without dates, which the
 * job-creation parser accepted with a probe window: every run's job is read from it with the same parser.
 * {@code destinationId} is the destination those options name (null: none), which must exist when the schedule is
 * saved.
 */
public record ScheduleDefinition(String name, String jobOptions, Cadence cadence, RunWindow window, boolean paused,
        java.util.UUID destinationId) {

    public ScheduleDefinition(String name, String jobOptions, Cadence cadence, RunWindow window, boolean paused) {
        this(name, jobOptions, cadence, window, paused, null);
    }
}
