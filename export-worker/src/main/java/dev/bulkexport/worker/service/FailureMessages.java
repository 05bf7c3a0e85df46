package dev.bulkexport.worker.service;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.worker.storage.ExportTargets;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The {@code error_message} of a job that failed for good. Our own failures stay generic (the customer cannot act
 * on them, and they may name our internals); a destination's refusal is the customer's to fix, so it is named:
 * which bucket and prefix, and S3's status and error code (never its message text, nor any credential).
 */
final class FailureMessages {
    static final String FAILED = "The export could not be built";
    private static final int MAX_CAUSES = 20;

    private FailureMessages() {
    }

    static String of(ShardSubmitted job, Exception failure) {
        ExportDestination destination = job.destination();
        if (failure instanceof ShardDeadlines.ShardDeadlineException late) {
            String work = job.wholeJob() || job.closesJob() ? "The export" : "Shard " + job.shardIndex() + " of "
                    + job.shardCount();
            return destination == null ? work + " did not finish within its deadline of " + late.length()
                    : work + " did not finish within its deadline of " + late.length() + ": the destination s3://"
                            + destination.bucket() + "/" + destination.keyPrefix(job.jobId()) + " at "
                            + where(destination) + " was too slow to answer";
        }
        if (destination == null) {
            return FAILED;
        }
        String where = "s3://" + destination.bucket() + "/" + destination.keyPrefix(job.jobId());
        CallbackUrlGuard.RefusedAddress refused = CallbackUrlGuard.RefusedAddress.among(failure);
        if (refused != null) {
            return "The destination's " + refused.getMessage();
        }
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof ExportTargets.DestinationUnusableException unusable) {
                return unusable.getMessage();
            }
            if (cause instanceof SdkServiceException service) {
                String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                        ? " " + aws.awsErrorDetails().errorCode() : "";
                return "The destination " + where + " refused the write (HTTP " + service.statusCode() + code
                        + "); check that its bucket exists and its credentials may still write there";
            }
            if (cause instanceof SdkClientException) {
                return "The destination " + where + " could not be reached at " + where(destination)
                        + " within the retry budget";
            }
        }
        return FAILED;
    }

    private static String where(ExportDestination destination) {
        return destination.endpoint() != null ? destination.endpoint() : "AWS S3 (" + destination.region() + ")";
    }
}
