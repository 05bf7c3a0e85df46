package dev.bulkexport.worker.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a file into S3. A file that fits in one part is stored by one PutObject at {@link #close()} (a small
 * job's file costs one request, not three); a larger one becomes a multipart upload, started when its first
 * part is full. A full part is sent on a thread of its own while the next one fills, so the export does not stop
 * reading while S3 stores a part: two part buffers take turns, the one being filled and the one in flight, and a
 * request's body is read from its buffer in place. Each body carries its CRC32, which S3 checks.
 * {@link #close()} completes the upload; {@link #abort()} discards it and everything uploaded so far. The file's
 * SHA-256 is computed part by part on the sending thread too, in order, off the thread that encodes the rows
 * (bench/results/profiles.md).
 */
public final class S3MultipartOutputStream extends OutputStream {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final String contentDisposition;
    /** Null until the first part is full: a file within one part is stored by one PutObject. */
    private String uploadId;
    private byte[] buffer;
    /** Null before the first part is sent; then the buffer of the part in flight, which the next part fills. */
    private byte[] spare;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long count;
    /** The whole file's SHA-256, updated only by the sender, a part at a time in part order. */
    private final MessageDigest digest;
    private boolean finished;
    /** Sends one part at a time, in order; its thread ends with the upload. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "s3-part-upload");
        thread.setDaemon(true);
        return thread;
    });
    private Future<CompletedPart> inFlight;

    private S3MultipartOutputStream(S3Client s3, String bucket, String key, String contentType, String fileName,
            int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.contentDisposition = "attachment; filename=\"" + fileName + "\"";
        this.buffer = new byte[partSize];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static S3MultipartOutputStream open(S3Client s3, String bucket, String key, String contentType,
            String fileName, int partSize) {
        return new S3MultipartOutputStream(s3, bucket, key, contentType, fileName, partSize);
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            uploadPart();
        }
        buffer[filled++] = (byte) b;
        count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == buffer.length) {
                uploadPart();
            }
            int chunk = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, chunk);
            filled += chunk;
            count += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    /** Hands the filled buffer to the sender once the previous part is stored. */
    private void uploadPart() throws IOException {
        awaitInFlight();
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key)
                    .contentType(contentType).contentDisposition(contentDisposition)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        }
        String id = uploadId;
        int number = parts.size() + 1;
        byte[] bytes = buffer;
        int length = filled;
        buffer = spare == null ? new byte[bytes.length] : spare;
        spare = bytes;
        filled = 0;
        inFlight = sender.submit(() -> {
            digest.update(bytes, 0, length);
            String crc = crc32(bytes, length);
            String etag = s3.uploadPart(part -> part.bucket(bucket).key(key).uploadId(id).partNumber(number)
                    .checksumCRC32(crc), body(bytes, length)).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).checksumCRC32(crc).build();
        });
    }

    /**
     * The CRC32 S3 checks a body against, computed here and sent as a header: left to the SDK, it goes in a trailer,
     * which makes the body aws-chunked, copied chunk by chunk on the way out and parsed on the way in (a sixth of
     * the worker's CPU in a plain JSONL export, bench/results/profiles.md).
     */
    private static String crc32(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue())
                .array());
    }

    /** The first {@code length} bytes of {@code bytes} as a request body, read in place (a retry reads them again). */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            parts.add(inFlight.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while a part was uploading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("part upload failed", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /**
     * Stores a file of at most one part by one PutObject, or uploads the last part and completes the upload:
     * either way the object appears whole or not at all.
     */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        if (uploadId == null) {
            digest.update(buffer, 0, filled);
            s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType)
                    .contentDisposition(contentDisposition).checksumCRC32(crc32(buffer, filled)),
                    body(buffer, filled));
            finished = true;
            sender.shutdown();
            return;
        }
        if (filled > 0) {
            uploadPart();
        }
        awaitInFlight();
        s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));
        finished = true;
        sender.shutdown();
    }

    /** The bytes written so far. */
    public long count() {
        return count;
    }

    /** The hex SHA-256 of everything written; only after {@link #close()}, once. */
    public String sha256Hex() {
        if (!finished) {
            throw new IllegalStateException("the upload is not complete");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Discards the upload; safe to call after a failure at any point. */
    public void abort() {
        if (!finished) {
            finished = true;
            sender.shutdownNow();
            try {
                sender.awaitTermination(30, TimeUnit.SECONDS); // a part stored after the abort would linger
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (uploadId != null) {
                s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
            }
        }
    }
}
