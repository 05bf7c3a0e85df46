package dev.bulkexport.api.job;

import dev.bulkexport.api.account.QuotaImpact;


/** {@code POST /bulk_api/jobs/quota_impact}: what a create body would consume, in property records. */
public record QuotaImpactResponse(long totalQuota, long consumedQuota, long requestedRecords, long newRecords,
        long prevRecords, long expectedNewConsumedQuota) {

    static QuotaImpactResponse of(QuotaImpact impact) {
        return new QuotaImpactResponse(impact.totalQuota(), impact.consumedQuota(), impact.requestedRecords(),
                impact.newRecords(), impact.prevRecords(), impact.expectedNewConsumedQuota());
    }
}
