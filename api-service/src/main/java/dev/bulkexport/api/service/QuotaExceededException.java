package dev.bulkexport.api.service;

/** The job would take the account past its monthly quota of property records. */
public class QuotaExceededException extends RuntimeException {
    private final long quotaLimit;
    private final long quotaUsage;

    public QuotaExceededException(long quotaLimit, long quotaUsage, long newRecords) {
        super("Monthly quota exhausted: this job needs " + newRecords + " new property records, "
                + (quotaLimit - quotaUsage) + " of " + quotaLimit + " remain this month");
        this.quotaLimit = quotaLimit;
        this.quotaUsage = quotaUsage;
    }

    public long quotaLimit() {
        return quotaLimit;
    }

    public long quotaUsage() {
        return quotaUsage;
    }
}
