package dev.bulkexport.api.destination;

/**
 * A validated request to add a destination; {@code endpoint} is null for AWS S3 itself. Holds the secret in
 * plain text only until it is sealed: {@link #toString} leaves it out.
 */
public record NewDestination(String name, String bucket, String prefix, String region, String endpoint,
        String accessKeyId, String secretAccessKey) {

    @Override
    public String toString() {
        return "NewDestination[name=" + name + ", bucket=" + bucket + ", prefix=" + prefix + ", region=" + region
                + ", endpoint=" + endpoint + "]";
    }
}
