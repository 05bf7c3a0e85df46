package dev.bulkexport.worker.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and SHA-256 hashes the bytes on their way to the file. */
public final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest digest;
    private long count;

    public HashingOutputStream(OutputStream out) {
        super(out);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        digest.update(bytes, offset, length);
        count += length;
    }

    public long count() {
        return count;
    }

    /** The hex SHA-256 of everything written; call once, at the end. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
