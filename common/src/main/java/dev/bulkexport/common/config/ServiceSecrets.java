package dev.bulkexport.common.config;

import java.util.List;
import java.util.Optional;

/**
 * The secrets the api-service and the export workers need (under {@code export.secrets}). Required, with no
 * default outside the dev and test profiles: started without one, a service stops at once naming it, instead of
 * running on a well-known value. Each service maps it with its own {@code @ConfigMapping} extending this.
 */
public interface ServiceSecrets {
    /** The database password ({@code DB_PASSWORD}); {@code quarkus.datasource.password} reads it. */
    String dbPassword();

    /** The S3 access key id ({@code S3_ACCESS_KEY}). */
    String s3AccessKey();

    /** The S3 secret access key ({@code S3_SECRET_KEY}). */
    String s3SecretKey();

    /**
     * The key that seals destinations' secret access keys ({@code DESTINATION_KEY}), {@code id:base64} of 32
     * random bytes (AES-256-GCM); the api-service seals with it and the export workers open with the same value.
     * See docs/operations.md for rotation.
     */
    String destinationKey();

    /**
     * Keys of before a rotation ({@code DESTINATION_PREVIOUS_KEYS}, comma-separated {@code id:base64}): secrets
     * sealed with them still open; new ones are sealed with {@link #destinationKey}.
     */
    Optional<List<String>> destinationPreviousKeys();

    /**
     * The key the api-service signs work records with and the export workers check them with
     * ({@code WORK_SIGNING_KEY}, at least 32 characters, e.g. {@code $(head -c 32 /dev/urandom | base64)}): the
     * same value for both. A record without a valid signature is never run.
     */
    String workSigningKey();

    /**
     * Keys of before a rotation ({@code WORK_SIGNING_PREVIOUS_KEYS}, comma-separated) that still verify work records
     * signed with them; new records are signed with {@link #workSigningKey}.
     */
    Optional<List<String>> workSigningPreviousKeys();
}
