package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.RequestBodies;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * Reads the body that adds a destination ({@link DestinationRequest}) and checks what its members' own rules do
 * not: the endpoint's SSRF rules and form, and the prefix's path segments.
 */
@ApplicationScoped
public class DestinationRequestValidator {
    private final RequestBodies bodies;
    private final CallbackUrlGuard endpointGuard;

    DestinationRequestValidator(RequestBodies bodies, DestinationConfig config) {
        this.bodies = bodies;
        this.endpointGuard = DestinationProbe.endpointGuard(config);
    }

    /**
     * Reads and checks a body; resolves the endpoint's host (blocking DNS), so call it off the event loop. A body
     * that is no JSON is refused without the parser's message: it may quote the body, which holds the secret.
     */
    public NewDestination parse(String body) {
        DestinationRequest request = bodies.read(body, DestinationRequest.class, false);
        return new NewDestination(request.name(), request.bucket(), prefix(request.prefix()), request.region(),
                endpoint(request.endpoint()), request.accessKeyId(), request.secretAccessKey());
    }

    /** Slashes at either end are dropped: the files go under {prefix}/{job_id}/. */
    private static String prefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String trimmed = prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        for (String segment : trimmed.split("/", -1)) {
            if (!trimmed.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw ApiProblem.badRequest("prefix must not hold empty, '.' or '..' path segments");
            }
        }
        if (trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiProblem.badRequest("prefix must not hold control characters");
        }
        return trimmed;
    }

    private String endpoint(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        try {
            URI uri = endpointGuard.check(endpoint);
            if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw ApiProblem.badRequest("endpoint must be a scheme, host and port only, e.g."
                        + " https://s3.eu-central-1.amazonaws.com");
            }
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (CallbackUrlGuard.RefusedCallbackUrl e) {
            throw ApiProblem.badRequest(e.getMessage() + " (rule: " + e.rule().description() + ")");
        }
    }
}
