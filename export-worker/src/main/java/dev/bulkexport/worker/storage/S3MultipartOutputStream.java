package dev.bulkexport.worker.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a file into an S3 multipart upload, holding at most one part in memory. {@link #close()} completes
 * the upload; {@link #abort()} discards it and everything uploaded so far.
 */
public final class S3MultipartOutputStream extends OutputStream {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private boolean finished;

    private S3MultipartOutputStream(S3Client s3, String bucket, String key, String uploadId, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.buffer = new byte[partSize];
    }

    public static S3MultipartOutputStream open(S3Client s3, String bucket, String key, String contentType,
            String fileName, int partSize) {
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key)
                .contentType(contentType)
                .contentDisposition("attachment; filename=\"" + fileName + "\""))
                .uploadId();
        return new S3MultipartOutputStream(s3, bucket, key, uploadId, partSize);
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            uploadPart();
        }
        buffer[filled++] = (byte) b;
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
            offset += chunk;
            length -= chunk;
        }
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** Uploads the last part and completes the upload: the object appears whole or not at all. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        if (filled > 0 || parts.isEmpty()) {
            uploadPart();
        }
        s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));
        finished = true;
    }

    /** Discards the upload; safe to call after a failure at any point. */
    public void abort() {
        if (!finished) {
            finished = true;
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
        }
    }
}
