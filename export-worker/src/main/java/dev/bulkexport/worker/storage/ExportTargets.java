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
 * checked and that now answers with an internal address (DNS rebinding) is refused, never connected to. Every
 * request to a destination is bounded (an attempt, a call with its retries, and what is left of the shard's
 * deadline), so a store that trickles bytes cannot hold a worker's slot.
 */
@ApplicationScoped
public class ExportTargets {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHORTEST_CALL = Duration.ofSeconds(1);

    private final S3Client ours;
    private final String bucket;
    private final SecretCipher cipher;
    private final CallbackUrlGuard endpointGuard;
    private final Duration attemptTimeout;
    private final Duration callTimeout;

    @Inject
    public ExportTargets(S3Client ours, WorkerConfig config) {
        this(ours, config.bucket(), SecretCipher.of(config.secrets().destinationKey(),
                config.secrets().destinationPreviousKeys().orElse(List.of())),
                new CallbackUrlGuard("endpoint", config.destinations().allowHttpEndpoints(),
                        config.destinations().allowedHosts().orElse(List.of())),
                config.destinations().attemptTimeout(), config.destinations().callTimeout());
    }

    public ExportTargets(S3Client ours, String bucket, SecretCipher cipher, CallbackUrlGuard endpointGuard) {
        this(ours, bucket, cipher, endpointGuard, Duration.ofMinutes(2), Duration.ofMinutes(5));
    }

    public ExportTargets(S3Client ours, String bucket, SecretCipher cipher, CallbackUrlGuard endpointGuard,
            Duration attemptTimeout, Duration callTimeout) {
        this.ours = ours;
        this.bucket = bucket;
        this.cipher = cipher;
        this.endpointGuard = endpointGuard;
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
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
        return of(job, null);
    }

    /**
     * The job's target, a destination's calls cut off at {@code untilDeadline} from now as well (null: no deadline).
     *
     * @throws DestinationUnusableException as {@link #of(ShardSubmitted)}
     */
    public Target of(ShardSubmitted job, Duration untilDeadline) {
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
        Duration call = untilDeadline == null ? callTimeout : shorter(callTimeout, longer(untilDeadline, SHORTEST_CALL));
        Duration attempt = shorter(attemptTimeout, call);
        var builder = S3Client.builder()
                .overrideConfiguration(o -> o.apiCallTimeout(call).apiCallAttemptTimeout(attempt))
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

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A destination the worker cannot write to whatever it tries: the job fails at once, saying why. */
    public static final class DestinationUnusableException extends RuntimeException {
        public DestinationUnusableException(String message) {
            super(message);
        }
    }
}
