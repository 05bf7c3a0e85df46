package dev.bulkexport.api.service;

/** A schedule request breaks a rule (e.g. a backfill too long); the message names the field and the rule. */
public class ScheduleRuleException extends RuntimeException {
    public ScheduleRuleException(String message) {
        super(message);
    }
}
