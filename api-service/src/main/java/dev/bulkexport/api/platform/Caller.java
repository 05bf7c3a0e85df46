package dev.bulkexport.api.platform;

import java.util.UUID;

/** Who is calling: the account and key behind a valid bearer token. */
public record Caller(UUID accountId, UUID keyId, java.util.Set<dev.bulkexport.api.platform.Permission> permissions,
        int rateLimitPerMinute) {
}
