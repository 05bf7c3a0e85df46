package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** An error answer of the API, with its problem body ({@code error}, {@code message}, ...) when it had one. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final transient JsonNode problem;

    public ApiException(int status, JsonNode problem) {
        super(describe(status, problem));
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** The problem body, or null when the answer had none. */
    public JsonNode problem() {
        return problem;
    }

    private static String describe(int status, JsonNode problem) {
        if (problem != null && problem.hasNonNull("message")) {
            return "HTTP " + status + " " + problem.path("error").asText("") + ": " + problem.get("message").asText();
        }
        return "HTTP " + status;
    }
}
