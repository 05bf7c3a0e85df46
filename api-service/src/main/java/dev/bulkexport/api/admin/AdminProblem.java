package dev.bulkexport.api.admin;

/** An admin request refused with a 4xx status. */
final class AdminProblem extends RuntimeException {
    private final int status;

    AdminProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static AdminProblem badRequest(String message) {
        return new AdminProblem(400, message);
    }

    int status() {
        return status;
    }
}
