package dev.bulkexport.api.schedule;

import dev.bulkexport.api.platform.ApiProblem;

/** No schedule with that id exists for the caller's account. */
public class ScheduleNotFoundException extends ApiProblem {
    public ScheduleNotFoundException(Object scheduleId) {
        super(404, "No schedule " + scheduleId);
    }
}
