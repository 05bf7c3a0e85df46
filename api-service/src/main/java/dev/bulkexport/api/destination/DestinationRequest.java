package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.MemberRule;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body that adds a destination: each member with its rules ({@link DestinationRequestValidator} checks the
 * endpoint and the prefix's segments). Holds the secret in plain text: {@link #toString} leaves it out.
 */
record DestinationRequest(
        @MemberRule("a non-empty string of at most 16 characters")
        @NotNull(message = "is required") @Pattern(regexp = "s3", message = "must be s3 (the only kind of destination so far)")
        String type,
        @MemberRule("a non-empty string of at most 200 characters")
        @NotNull(message = "is required") @NotBlank(message = "must be a non-empty string of at most 200 characters")
        @Size(max = 200, message = "must be a non-empty string of at most 200 characters")
        String name,
        @MemberRule("a non-empty string of at most 63 characters")
        @NotNull(message = "is required")
        @Pattern(regexp = "(?!.*\\.\\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", message = "must be an S3 bucket name: 3 to 63"
                + " lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit")
        String bucket,
        @MemberRule("a string of at most 512 characters")
        @Size(max = 512, message = "must be a string of at most 512 characters")
        String prefix,
        @MemberRule("a non-empty string of at most 32 characters")
        @NotNull(message = "is required")
        @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be an S3 region name such as eu-central-1")
        String region,
        @MemberRule("a string of at most 2048 characters")
        @Size(max = 2048, message = "must be a string of at most 2048 characters")
        String endpoint,
        @MemberRule("a non-empty string of at most 128 characters")
        @NotNull(message = "is required") @NotBlank(message = "must be a non-empty string of at most 128 characters")
        @Size(max = 128, message = "must be a non-empty string of at most 128 characters")
        String accessKeyId,
        @MemberRule("a non-empty string of at most 256 characters")
        @NotNull(message = "is required") @NotBlank(message = "must be a non-empty string of at most 256 characters")
        @Size(max = 256, message = "must be a non-empty string of at most 256 characters")
        String secretAccessKey) {

    @Override
    public String toString() {
        return "DestinationRequest[name=" + name + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
