package dev.bulkexport.api.rest;

/** A request the API refuses, with the reference body members {@code error} and {@code message}. */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String error;

    public ApiProblem(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(400, "Bad Request", message);
    }

    public static ApiProblem unauthorized() {
        return new ApiProblem(401, "Unauthorized", "Missing or invalid bearer token");
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
