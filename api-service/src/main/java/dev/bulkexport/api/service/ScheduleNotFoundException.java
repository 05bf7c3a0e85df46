package dev.bulkexport.api.service;

/** No schedule with that id exists for the caller's account. */
public class ScheduleNotFoundException extends RuntimeException {
    public ScheduleNotFoundException(Object scheduleId) {
        super("No schedule " + scheduleId);
    }
}
