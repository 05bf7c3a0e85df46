package dev.bulkexport.api.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads a request body that must be one JSON object, or answers the 400 that says what it is instead. */
public final class JsonBodies {
    private JsonBodies() {
    }

    /**
     * The body as an object. {@code quoteParser}: whether the 400 of invalid JSON may carry the parser's message,
     * which can quote the body (never for a body holding a secret).
     */
    public static ObjectNode object(ObjectMapper mapper, String body, boolean quoteParser) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("Request body must be a JSON object");
        }
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiProblem.badRequest("Request body must be a JSON object");
            }
            return (ObjectNode) root;
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("Request body is not valid JSON"
                    + (quoteParser ? ": " + e.getOriginalMessage() : ""));
        }
    }
}
