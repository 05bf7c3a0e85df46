package dev.bulkexport.common.events;

import java.util.UUID;

/**
 * The customer's bucket a job is written to (a destination), as the api-service sends it to the
 * workers in {@link ShardSubmitted}. The secret access key travels sealed
 * ({@code dev.bulkexport.common.secrets.SecretCipher}, bound to {@code destinationId}); workers open it with the
 * same key configuration. {@code endpoint} is null for AWS S3 itself; {@code prefix} has no leading or trailing
 * slash ("" for the bucket's root).
 */
public record ExportDestination(UUID destinationId, String bucket, String prefix, String region, String endpoint,
        String accessKeyId, String sealedSecretAccessKey) {

    /** Where a job's objects go: {@code {prefix}/{job_id}/}. */
    public String keyPrefix(UUID jobId) {
        return keyPrefix(prefix, jobId);
    }

    /** {@code {prefix}/{job_id}/}, or {@code {job_id}/} for an empty prefix. */
    public static String keyPrefix(String prefix, UUID jobId) {
        return (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + jobId + "/";
    }
}
