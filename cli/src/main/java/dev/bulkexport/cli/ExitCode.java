package dev.bulkexport.cli;

/** The documented exit codes of {@code bin/bulk-export} (README, "Clients"). */
public final class ExitCode {
    /** The command did what was asked; with --wait, the job succeeded (and its files verified). */
    public static final int OK = 0;
    /** Anything else: the API unreachable, a 404, 409 or 5xx, too many 429s, a wait that timed out. */
    public static final int ERROR = 1;
    /** Bad flags, or a request the API refused as invalid (400, 415): the message says which field. */
    public static final int USAGE = 2;
    /** No or a bad API key (401), or a key without the permission or entitlement (403). */
    public static final int AUTH = 3;
    /** The job ended as failed. */
    public static final int JOB_FAILED = 4;
    /** The job ended as cancelled. */
    public static final int JOB_CANCELLED = 5;
    /** A downloaded file did not match the job's sha256 or size. */
    public static final int DOWNLOAD_CORRUPT = 6;

    private ExitCode() {
    }

    /** The exit code for an API error answer. */
    public static int forStatus(int status) {
        return switch (status) {
            case 400, 415 -> USAGE;
            case 401, 403 -> AUTH;
            default -> ERROR;
        };
    }
}
