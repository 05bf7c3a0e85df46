package dev.bulkexport.api.destination;

import dev.bulkexport.common.events.ExportDestination;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A destination as read: the one read model of {@code api.destinations}, its components the table's columns in
 * order ({@link #COLUMNS}). The secret access key is only ever held sealed; {@link #toString} leaves it out.
 */
public record DestinationRecord(UUID id, UUID accountId, String name, String type, String bucket, String prefix,
        String region, String endpoint, String accessKeyId, String sealedSecretAccessKey, Instant createdAt) {

    /** The only type so far: an S3 (or S3-compatible) bucket. */
    public static final String S3 = "s3";

    /** The columns of {@code api.destinations}, in component order. */
    public static final List<String> COLUMNS = Arrays.stream(DestinationRecord.class.getRecordComponents())
            .map(component -> component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT))
            .toList();

    /** The destination as a job's events carry it to the workers (the secret still sealed). */
    public ExportDestination forJob() {
        return new ExportDestination(id, bucket, prefix, region, endpoint, accessKeyId, sealedSecretAccessKey);
    }

    @Override
    public String toString() {
        return "DestinationRecord[id=" + id + ", accountId=" + accountId + ", bucket=" + bucket + "]";
    }
}
