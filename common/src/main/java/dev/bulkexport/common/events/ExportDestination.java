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

    /**
     * Where the Iceberg table {@code namespace.table} lies in the bucket (its metadata and data below it):
     * {@code {prefix}/iceberg/{namespace}/{table}}, without a trailing slash.
     */
    public String icebergTableKey(String table) {
        String[] parts = table.split("\\.", 2);
        return (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + "iceberg/" + parts[0] + "/" + parts[1];
    }

    /** The table's location as an engine names it: {@code s3://{bucket}/{table key}}. */
    public String icebergTableLocation(String table) {
        return "s3://" + bucket + "/" + icebergTableKey(table);
    }

    /**
     * Where a job's data files of the month of {@code day} go in the table:
     * {@code {table key}/data/date_month={yyyy-MM}/{job_id}/}.
     */
    public String icebergDataPrefix(String table, java.time.LocalDate day, UUID jobId) {
        return icebergTableKey(table) + "/data/date_month=" + java.time.YearMonth.from(day) + "/" + jobId + "/";
    }

    /** {@code {prefix}/{job_id}/}, or {@code {job_id}/} for an empty prefix. */
    public static String keyPrefix(String prefix, UUID jobId) {
        return (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + jobId + "/";
    }
}
