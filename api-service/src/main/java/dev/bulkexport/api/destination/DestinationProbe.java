package dev.bulkexport.api.destination;


import dev.bulkexport.common.callback.CallbackUrlGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Proves that a destination's credentials may write under its prefix: writes an empty object there and deletes it
 * again, with one retry of a transient failure, within {@code export.destinations.probe-timeout}. When an S3 store
 * answered with one of S3's own error codes, the refusal says what failed (the bucket, the credentials, the
 * region) in words a customer can act on; anything else (no connection, a timeout, an answer that is not S3's) is
 * one and the same message naming no host, port or cause, so that the check tells nothing about an address that
 * is not an S3 store (closed, filtered or serving something else); the cause is logged here. S3's own messages are
 * left out, so nothing of the request can leak into an answer or a log. The client is {@link DestinationClients}'s
 * (the SSRF guard on every connection). Blocking: call it off the event loop.
 */
@ApplicationScoped
public class DestinationProbe {
    private static final Logger LOG = Logger.getLogger(DestinationProbe.class);
    /** The test object, under the prefix; its name says what it is should a delete ever fail. */
    static final String CHECK_OBJECT = ".bulk-export-access-check-";

    private final Duration timeout;
    private final DestinationClients clients;

    DestinationProbe(DestinationConfig config, DestinationClients clients) {
        this.timeout = config.probeTimeout();
        this.clients = clients;
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
            throw noS3Answer();
        }
    }

    private S3Client client(NewDestination destination) {
        return clients.s3(destination.region(), destination.endpoint(), destination.accessKeyId(),
                destination.secretAccessKey(), timeout);
    }

    private static DestinationRefusedException refused(NewDestination d, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String status = "HTTP " + e.statusCode() + (code == null ? "" : " " + code);
        LOG.infof("destination check: %s refused the test write (%s)", where(d), status);
        String message = switch (code == null ? "" : code) {
            case "NoSuchBucket" -> "bucket: there is no bucket '" + d.bucket() + "' at this endpoint and region";
            case "InvalidAccessKeyId" -> "access_key_id: the store does not know this access key id (bad credentials)";
            case "SignatureDoesNotMatch" ->
                    "secret_access_key: the secret access key does not match the access key id (bad credentials)";
            case "PermanentRedirect", "AuthorizationHeaderMalformed" ->
                    "region: bucket '" + d.bucket() + "' is not in region " + d.region();
            case "AccessDenied" -> "access denied: these credentials may not write and delete objects under prefix '"
                    + d.prefix() + "' of bucket '" + d.bucket() + "' (needs s3:PutObject and s3:DeleteObject)";
            default -> null;
        };
        // Only an S3 error code proves an S3 store answered; a bare status may come from any HTTP server.
        return message == null ? noS3Answer() : new DestinationRefusedException(message + " [" + status + "]");
    }

    /** The one answer for an endpoint where no S3 store answered: the same whatever the cause. */
    private static DestinationRefusedException noS3Answer() {
        return new DestinationRefusedException("endpoint: no S3 store accepted the test write and delete at this"
                + " endpoint and region; check endpoint, region, bucket and credentials");
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
