package dev.bulkexport.api.schedule;

import dev.bulkexport.api.platform.ApiProblem;

/** A schedule request breaks a rule (e.g. a backfill too long); the message names the field and the rule. */
public class ScheduleRuleException extends ApiProblem {
    public ScheduleRuleException(String message) {
        super(400, message);
    }
}
