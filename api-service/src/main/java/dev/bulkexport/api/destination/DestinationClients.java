package dev.bulkexport.api.destination;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * S3 clients of destinations, the one way the api reaches a customer's bucket (the access check, and reading the
 * metadata of the account's Iceberg tables): every connection's DNS lookup of the endpoint passes the SSRF guard
 * again (the request's check resolved the name once; it may answer otherwise now), and each call is bounded.
 */
@ApplicationScoped
class DestinationClients {
    /**
     * One retry, for transient failures only (a connection the store closed under a pooled one). Refusals
     * themselves (4xx) are not retried.
     */
    private static final software.amazon.awssdk.retries.api.RetryStrategy ONE_RETRY =
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build();

    private final CallbackUrlGuard endpointGuard;

    DestinationClients(DestinationConfig config) {
        this.endpointGuard = DestinationProbe.endpointGuard(config);
    }

    /** A client with these credentials; each call (and connection) within {@code timeout}. Close it after use. */
    S3Client s3(String region, String endpoint, String accessKeyId, String secretAccessKey, Duration timeout) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout)
                        .dnsResolver(endpointGuard::lookup))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)
                        .retryStrategy(ONE_RETRY))
                // By default even an empty object goes as an aws-chunked body (a signed final chunk, a CRC32
                // trailer); no chunks and a checksum only where an operation needs one leave the body truly empty.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (endpoint != null) {
            // S3-compatible stores (MinIO, Ceph, S3Proxy) name the bucket in the path, not in the host.
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }
}
