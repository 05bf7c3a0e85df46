package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.Pagination;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The destination object and the request body as the OpenAPI document shows them; the secret is write-only. */
final class DestinationViews {
    private DestinationViews() {
    }

    @Schema(name = "Destination", description = "A customer's S3 bucket that jobs may be written to. The secret"
            + " access key is never returned.")
    record Destination(@Schema(format = "uuid") UUID destinationId, String name,
            @Schema(enumeration = "s3") String type, String bucket,
            @Schema(description = "Jobs are written under {prefix}/{job_id}/") String prefix, String region,
            @Schema(description = "Null for AWS S3") String endpoint, String accessKeyId, Instant createdAt) {
        static Destination of(DestinationRecord d) {
            return new Destination(d.id(), d.name(), d.type(), d.bucket(), d.prefix(), d.region(), d.endpoint(),
                    d.accessKeyId(), d.createdAt());
        }
    }

    @Schema(name = "DestinationRequest", description = "A destination to add. It is added only after a test object"
            + " was written under the prefix and deleted again; otherwise the 400 names what failed.")
    record DestinationRequest(@Schema(required = true, enumeration = "s3") String type,
            @Schema(required = true, maxLength = 200) String name,
            @Schema(required = true, example = "acme-exports", minLength = 3, maxLength = 63,
                    pattern = "^(?!.*\\.\\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$") String bucket,
            @Schema(description = "Key prefix, without leading or trailing slash; default: the bucket's root",
                    example = "bulk/daily", maxLength = 512) String prefix,
            @Schema(required = true, example = "eu-central-1", pattern = "^[a-z0-9-]{1,32}$") String region,
            @Schema(description = "An S3-compatible endpoint (scheme, host, port); default AWS S3. Must be and"
                    + " resolve to public addresses, unless its host is allow-listed by the operator",
                    example = "https://s3.eu-central-1.amazonaws.com", maxLength = 2048) String endpoint,
            @Schema(required = true, minLength = 1, maxLength = 128, pattern = "\\S") String accessKeyId,
            @Schema(required = true, description = "Write-only: stored encrypted, never returned nor logged",
                    minLength = 1, maxLength = 256, pattern = "\\S")
            String secretAccessKey) {
    }

    record DestinationList(List<Destination> destinations, Pagination pagination) {
    }
}
