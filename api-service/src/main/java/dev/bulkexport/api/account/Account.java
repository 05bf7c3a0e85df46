package dev.bulkexport.api.account;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A customer account as stored in {@code api.accounts}: it owns jobs and API keys. {@code propertyIds} are those it
 * may export when {@code allProperties} is false (from {@code api.account_properties}); empty otherwise. The caps
 * {@code maxUnfinishedJobs} and {@code maxRunningShards} are null where the configured default applies.
 */
public record Account(UUID id, String name, OffsetDateTime createdAt, boolean allProperties, int monthlyQuota,
        int rateLimitPerMinute, Integer maxUnfinishedJobs, Integer maxRunningShards, List<Long> propertyIds) {
}
