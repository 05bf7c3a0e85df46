package dev.bulkexport.worker.storage;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a job's objects go: our bucket, or the customer's (its destination), with a client of its own built from
 * the destination's credentials, the secret opened with the key configuration the api-service sealed it with.
 * The opened secret lives only inside that client, for the job's time. A destination's endpoint passes the
 * api-service's SSRF guard again, at the job's start and at every connection's DNS lookup: a name that the api
 * checked and that now answers with an internal address (DNS rebinding) is refused, never connected to.
 */
@ApplicationScoped
public class ExportTargets {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final S3Client ours;
    private final String bucket;
    private final SecretCipher cipher;
    private final CallbackUrlGuard endpointGuard;

    @Inject
    public ExportTargets(S3Client ours, WorkerConfig config) {
        this(ours, config.bucket(), SecretCipher.of(config.secrets().destinationKey(),
                config.secrets().destinationPreviousKeys().orElse(List.of())),
                new CallbackUrlGuard("endpoint", config.destinations().allowHttpEndpoints(),
                        config.destinations().allowedHosts().orElse(List.of())));
    }

    public ExportTargets(S3Client ours, String bucket, SecretCipher cipher, CallbackUrlGuard endpointGuard) {
        this.ours = ours;
        this.bucket = bucket;
        this.cipher = cipher;
        this.endpointGuard = endpointGuard;
    }

    /** A bucket and its client; closing it closes a destination's client (ours stays). */
    public record Target(S3Client s3, String bucket, ExportDestination destination) implements AutoCloseable {
        public boolean isDestination() {
            return destination != null;
        }

        @Override
        public void close() {
            if (destination != null) {
                s3.close();
            }
        }
    }

    /**
     * The job's target.
     *
     * @throws DestinationUnusableException when the destination's secret cannot be opened (a key not configured) or
     *         its endpoint breaks a rule of the SSRF guard
     */
    public Target of(ShardSubmitted job) {
        ExportDestination destination = job.destination();
        if (destination == null) {
            return new Target(ours, bucket, null);
        }
        if (destination.accessKeyId() == null || destination.sealedSecretAccessKey() == null) {
            throw new DestinationUnusableException("The job's destination " + destination.destinationId()
                    + " came without credentials");
        }
        String secret;
        try {
            // Bound to the job's account, the destination, its bucket, endpoint and access key id; the v1 form
            // (bound to the destination id only) of a record queued before the api re-sealed it still opens.
            secret = cipher.decrypt(destination.sealedSecretAccessKey(), destination.secretContext(job.accountId()),
                    destination.destinationId().toString());
        } catch (SecretCipher.UnreadableSecretException e) {
            throw new DestinationUnusableException("The secret of destination " + destination.destinationId()
                    + " cannot be opened: " + e.getMessage());
        }
        ApacheHttpClient.Builder http = ApacheHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT);
        var builder = S3Client.builder()
                .region(Region.of(destination.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(destination.accessKeyId(), secret)));
        if (destination.endpoint() != null) {
            // AWS S3's own names (no endpoint) are not the customer's to point anywhere; an endpoint's host is.
            try {
                builder.endpointOverride(endpointGuard.vet(destination.endpoint()).uri()).forcePathStyle(true);
            } catch (CallbackUrlGuard.RefusedCallbackUrl e) {
                throw new DestinationUnusableException("The destination's " + e.getMessage());
            }
            http.dnsResolver(endpointGuard::lookup);
        }
        builder.httpClientBuilder(http);
        return new Target(builder.build(), destination.bucket(), destination);
    }

    /** A destination the worker cannot write to whatever it tries: the job fails at once, saying why. */
    public static final class DestinationUnusableException extends RuntimeException {
        public DestinationUnusableException(String message) {
            super(message);
        }
    }
}
