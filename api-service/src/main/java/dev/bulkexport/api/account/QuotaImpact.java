package dev.bulkexport.api.account;

/**
 * What a job would consume: {@code requestedRecords} distinct properties, of which {@code prevRecords} were
 * already counted this month and {@code newRecords} would be.
 */
public record QuotaImpact(long totalQuota, long consumedQuota, long requestedRecords, long newRecords,
        long prevRecords) {

    public long expectedNewConsumedQuota() {
        return consumedQuota + newRecords;
    }

    public boolean fits() {
        return expectedNewConsumedQuota() <= totalQuota;
    }
}
