package dev.bulkexport.worker.storage;

/**
 * How large a job's files may grow and the upload part size that gets them there within S3's part count:
 * the part size is raised for a file limit that the configured size would need more parts for, up to a
 * largest part size; past that, the part count bounds the file instead.
 *
 * @param limitBytes the most bytes one file may hold
 * @param partSize the part size of each file's multipart upload
 * @param maxParts the most parts of one upload
 */
public record FileSizing(long limitBytes, int partSize, int maxParts) {
    private static final long MIB = 1024 * 1024;

    /**
     * @param limitMib the job's {@code max_file_size_mb}, or the worker's automatic limit
     */
    public static FileSizing of(long limitMib, int partSizeMib, int maxPartSizeMib, int maxParts) {
        long wanted = ceilDiv(limitMib * MIB, maxParts);
        long partSize = Math.min(Math.max(wanted, partSizeMib * MIB), Math.max(partSizeMib, maxPartSizeMib) * MIB);
        // Rounded up to whole MiB: S3 takes any size, but whole MiB read better in logs and settings.
        partSize = ceilDiv(partSize, MIB) * MIB;
        return new FileSizing(Math.min(limitMib * MIB, partSize * maxParts), Math.toIntExact(partSize), maxParts);
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
