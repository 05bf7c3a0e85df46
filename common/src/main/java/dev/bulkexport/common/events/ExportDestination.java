package dev.bulkexport.common.events;

import java.util.UUID;

/**
 * The customer's bucket a job is written to (a destination), as the api-service sends it to the
 * workers in {@link ShardSubmitted}. The secret access key travels sealed
 * ({@code dev.bulkexport.common.secrets.SecretCipher}, bound to {@link #secretContext}: the account, the
 * destination, its bucket, endpoint and access key id); workers open it with the same key configuration. {@code endpoint} is null for AWS S3 itself; {@code prefix} has no leading or trailing
 * slash ("" for the bucket's root).
 */
public record ExportDestination(UUID destinationId, String bucket, String prefix, String region, String endpoint,
        String accessKeyId, String sealedSecretAccessKey) {

    /** What the secret is sealed for, when it belongs to {@code accountId}'s destination. */
    public String secretContext(UUID accountId) {
        return secretContext(accountId, destinationId, bucket, endpoint, accessKeyId);
    }

    /**
     * What a destination's secret is sealed for (AES-GCM associated data): the same secret opens only for the same
     * account, destination, bucket, endpoint and access key id.
     */
    public static String secretContext(UUID accountId, UUID destinationId, String bucket, String endpoint,
            String accessKeyId) {
        return "destination;account=" + accountId + ";id=" + destinationId + ";bucket=" + bucket + ";endpoint="
                + (endpoint == null ? "" : endpoint) + ";access_key_id=" + accessKeyId;
    }

    /** Where a job's objects go: {@code {prefix}/{job_id}/}. */
    public String keyPrefix(UUID jobId) {
        return keyPrefix(prefix, jobId);
    }

    /** {@code {prefix}/{job_id}/}, or {@code {job_id}/} for an empty prefix. */
    public static String keyPrefix(String prefix, UUID jobId) {
        return (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + jobId + "/";
    }
}
