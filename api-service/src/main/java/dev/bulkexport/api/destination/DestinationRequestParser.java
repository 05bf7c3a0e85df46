package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.JsonBodies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.callback.CallbackUrlGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a create-destination body and checks every rule, naming the field in the 400 message. {@code endpoint}
 * passes the SSRF guard of callback URLs with its own allowlist ({@code DESTINATION_ALLOWED_HOSTS}), so a
 * destination cannot make the service write to an internal address. The secret is never part of a message.
 */
@ApplicationScoped
public class DestinationRequestParser {
    private static final Set<String> FIELDS = Set.of("type", "name", "bucket", "prefix", "region", "endpoint",
            "access_key_id", "secret_access_key");
    /** S3's bucket naming rules (3 to 63 characters, lower case, digits, dots and hyphens). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int MAX_PREFIX = 512;

    private final ObjectMapper mapper;
    private final CallbackUrlGuard endpointGuard;

    public DestinationRequestParser(ObjectMapper mapper, DestinationConfig config) {
        this.mapper = mapper;
        this.endpointGuard = DestinationProbe.endpointGuard(config);
    }

    /** Parses and checks a body; resolves the endpoint's host (blocking DNS), so call it off the event loop. */
    public NewDestination parse(String body) {
        JsonNode root = readObject(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiProblem.badRequest("Unknown field '" + name + "'; allowed fields are " + FIELDS);
            }
        }
        String type = text(root, "type", true, 16);
        if (!type.equals("s3")) {
            throw ApiProblem.badRequest("type must be s3 (the only kind of destination so far)");
        }
        String name = text(root, "name", true, 200);
        String bucket = text(root, "bucket", true, 63);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw ApiProblem.badRequest("bucket must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots"
                    + " and hyphens, starting and ending with a letter or digit");
        }
        String region = text(root, "region", true, 32);
        if (!REGION.matcher(region).matches()) {
            throw ApiProblem.badRequest("region must be an S3 region name such as eu-central-1");
        }
        return new NewDestination(name, bucket, prefix(root), region, endpoint(root),
                text(root, "access_key_id", true, 128), text(root, "secret_access_key", true, 256));
    }

    /** Slashes at either end are dropped: the files go under {prefix}/{job_id}/. */
    private static String prefix(JsonNode root) {
        String prefix = text(root, "prefix", false, MAX_PREFIX);
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

    private String endpoint(JsonNode root) {
        String endpoint = text(root, "endpoint", false, 2048);
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

    private static String text(JsonNode root, String field, boolean required, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiProblem.badRequest(field + " is required");
            }
            return null;
        }
        if (!node.isTextual() || (required && node.textValue().isBlank()) || node.textValue().length() > maxLength) {
            throw ApiProblem.badRequest(field + " must be a " + (required ? "non-empty " : "") + "string of at most "
                    + maxLength + " characters");
        }
        return node.textValue();
    }

    /** Never with the parser's message: it may quote the body, and the body holds the secret. */
    private ObjectNode readObject(String body) {
        return JsonBodies.object(mapper, body, false);
    }
}
