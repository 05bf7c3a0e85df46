package dev.bulkexport.api.destination;


import dev.bulkexport.common.callback.CallbackUrlGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Proves that a destination's credentials may write under its prefix: writes an empty object there and deletes it
 * again, with one retry of a transient failure, within {@code export.destinations.probe-timeout}. A refusal says what failed (the
 * bucket, the credentials, the region, the endpoint) in words a customer can act on; S3's own messages are left
 * out, so nothing of the request can leak into an answer or a log. Every connection's DNS lookup of the endpoint
 * passes the SSRF guard again (the request's check resolved the name once; it may answer otherwise now). Blocking:
 * call it off the event loop.
 */
@ApplicationScoped
public class DestinationProbe {
    private static final Logger LOG = Logger.getLogger(DestinationProbe.class);
    /** The test object, under the prefix; its name says what it is should a delete ever fail. */
    static final String CHECK_OBJECT = ".bulk-export-access-check-";

    /**
     * One retry, for transient failures only (a connection the store closed under a pooled one). Refusals
     * themselves (4xx) are not retried.
     */
    private static final software.amazon.awssdk.retries.api.RetryStrategy ONE_RETRY =
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build();

    private final Duration timeout;
    private final CallbackUrlGuard endpointGuard;

    public DestinationProbe(DestinationConfig config) {
        this.timeout = config.probeTimeout();
        this.endpointGuard = endpointGuard(config);
    }

    /** The SSRF guard of destination endpoints as configured: the request's check and the connection use it. */
    public static CallbackUrlGuard endpointGuard(DestinationConfig destinations) {
        return new CallbackUrlGuard("endpoint", destinations.allowHttpEndpoints(),
                destinations.allowedHosts().orElse(List.of()));
    }

    /** @throws DestinationRefusedException naming what failed */
    public void check(NewDestination destination) {
        String key = (destination.prefix().isEmpty() ? "" : destination.prefix() + "/") + CHECK_OBJECT
                + UUID.randomUUID();
        try (S3Client s3 = client(destination)) {
            // Empty, and with no checksum (see client): a store that refuses the credentials answers before reading
            // a body, and may close the connection under a client still writing one (the refusal would then read as
            // "unreachable").
            s3.putObject(put -> put.bucket(destination.bucket()).key(key).contentType("text/plain"),
                    RequestBody.empty());
            s3.deleteObject(delete -> delete.bucket(destination.bucket()).key(key));
        } catch (S3Exception e) {
            throw refused(destination, e);
        } catch (SdkClientException e) {
            CallbackUrlGuard.RefusedAddress refused = CallbackUrlGuard.RefusedAddress.among(e);
            if (refused != null) {
                LOG.infof("destination check: %s refused by the SSRF guard at connection", where(destination));
                throw new DestinationRefusedException(refused.getMessage());
            }
            LOG.infof("destination check: %s unreachable (%s)", where(destination), rootCause(e));
            throw new DestinationRefusedException("endpoint: " + where(destination) + " is unreachable ("
                    + rootCause(e) + "); check endpoint and region");
        }
    }

    private S3Client client(NewDestination destination) {
        var builder = S3Client.builder()
                .region(Region.of(destination.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(destination.accessKeyId(), destination.secretAccessKey())))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout)
                        .dnsResolver(endpointGuard::lookup))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)
                        .retryStrategy(ONE_RETRY))
                // By default even an empty object goes as an aws-chunked body (a signed final chunk, a CRC32
                // trailer); no chunks and a checksum only where an operation needs one leave the body truly empty.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (destination.endpoint() != null) {
            // S3-compatible stores (MinIO, Ceph, S3Proxy) name the bucket in the path, not in the host.
            builder.endpointOverride(URI.create(destination.endpoint())).forcePathStyle(true);
        }
        return builder.build();
    }

    private static DestinationRefusedException refused(NewDestination d, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String status = "HTTP " + e.statusCode() + (code == null ? "" : " " + code);
        LOG.infof("destination check: %s refused the test write (%s)", where(d), status);
        String message;
        if ("NoSuchBucket".equals(code) || (code == null && e.statusCode() == 404)) {
            message = "bucket: there is no bucket '" + d.bucket() + "' at " + where(d);
        } else if ("InvalidAccessKeyId".equals(code)) {
            message = "access_key_id: " + where(d) + " does not know this access key id (bad credentials)";
        } else if ("SignatureDoesNotMatch".equals(code)) {
            message = "secret_access_key: the secret access key does not match the access key id (bad credentials)";
        } else if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)
                || e.statusCode() == 301) {
            message = "region: bucket '" + d.bucket() + "' is not in region " + d.region();
        } else if (e.statusCode() == 403) {
            message = "access denied: these credentials may not write and delete objects under prefix '" + d.prefix()
                    + "' of bucket '" + d.bucket() + "' (needs s3:PutObject and s3:DeleteObject)";
        } else {
            message = "the test write to bucket '" + d.bucket() + "' failed";
        }
        return new DestinationRefusedException(message + " [" + status + "]");
    }

    private static String where(NewDestination d) {
        return d.endpoint() != null ? d.endpoint() : "AWS S3 (" + d.region() + ")";
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < 10; depth++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root == e || root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
