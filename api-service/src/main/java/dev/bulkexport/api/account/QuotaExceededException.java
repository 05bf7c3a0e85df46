package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.ApiProblem;
import java.util.Map;

/** The job would take the account past its monthly quota of property records: 403 with the limit and usage. */
public class QuotaExceededException extends ApiProblem {
    private final long quotaLimit;
    private final long quotaUsage;

    public QuotaExceededException(long quotaLimit, long quotaUsage, long newRecords) {
        super(403, "Monthly quota exhausted: this job needs " + newRecords + " new property records, "
                + (quotaLimit - quotaUsage) + " of " + quotaLimit + " remain this month");
        this.quotaLimit = quotaLimit;
        this.quotaUsage = quotaUsage;
    }

    @Override
    public Map<String, Object> members() {
        return Map.of("quota_limit", quotaLimit, "quota_usage", quotaUsage);
    }
}
