package dev.bulkexport.worker.service;

import dev.bulkexport.common.DatabaseUnavailable;
import dev.bulkexport.common.callback.CallbackUrlGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which failures of an export are worth another attempt (S3 or PostgreSQL unreachable or erroring for a
 * while, an Iceberg commit that lost its race), and how long to wait before it: 1 s, doubling, at most 15 s. Anything else (bad data, a bug) is
 * permanent: trying again would fail the same way.
 */
public final class RetryPolicy {
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(15);
    /** Enough to reach the root of any real cause chain, and an end if one loops. */
    private static final int MAX_CAUSES = 20;

    private RetryPolicy() {
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    public static Duration backoff(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 10);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** Whether the failure, or one of its causes, says the dependency was unavailable rather than the job wrong. */
    public static boolean isTransient(Throwable failure) {
        if (DatabaseUnavailable.test(failure)) {
            return true;
        }
        if (CallbackUrlGuard.RefusedAddress.among(failure) != null) {
            return false; // the SSRF guard refused the destination's address: the same answer next time
        }
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof CommitFailedException || cause instanceof CommitStateUnknownException) {
                // An Iceberg commit lost its race or its answer: the next attempt finds the job's snapshot or commits.
                return true;
            }
            if (cause instanceof SdkServiceException service) {
                // S3 answered: 5xx, throttling and timeouts pass; 4xx (no such bucket, access denied) stay.
                return service.statusCode() >= 500 || service.statusCode() == 429 || service.statusCode() == 408
                        || service.isThrottlingException();
            }
            if (cause instanceof SdkClientException || cause instanceof IOException
                    || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
