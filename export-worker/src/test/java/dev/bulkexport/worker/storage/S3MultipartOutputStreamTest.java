package dev.bulkexport.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.S3Store;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A file's upload against S3Proxy: one PutObject within a part, a multipart upload beyond, nothing after an abort. */
class S3MultipartOutputStreamTest {
    private static final String BUCKET = "uploads";
    private static final int PART = 5 * 1024 * 1024;

    @TempDir
    static Path dir;
    private static S3Store store;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        store = S3Store.start(Files.createDirectories(dir.resolve("s3")), ExportStack.freePort(),
                ExportStack.S3_ACCESS_KEY, ExportStack.S3_SECRET_KEY);
        s3 = S3Client.builder().endpointOverride(URI.create(store.endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ExportStack.S3_ACCESS_KEY, ExportStack.S3_SECRET_KEY)))
                .build();
        s3.createBucket(create -> create.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        store.close();
    }

    @Test
    void a_file_within_one_part_is_stored_whole_with_its_type_name_and_hash() throws Exception {
        byte[] bytes = random(PART / 3);
        S3MultipartOutputStream upload = write("small.csv", bytes);
        upload.close();

        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("small.csv"));
        assertThat(stored.asByteArray()).isEqualTo(bytes);
        assertThat(stored.response().contentType()).isEqualTo("text/csv");
        assertThat(stored.response().contentDisposition()).isEqualTo("attachment; filename=\"small.csv\"");
        assertThat(upload.count()).isEqualTo(bytes.length);
        assertThat(upload.sha256Hex()).isEqualTo(sha256(bytes));
        assertThat(checksum("small.csv")).as("S3 checked the body against the CRC32 it came with")
                .isEqualTo(crc32(bytes));
        assertThat(openUploads("small.csv")).isZero();
    }

    @Test
    void a_file_of_several_parts_is_one_object_of_every_byte_in_order() throws Exception {
        byte[] bytes = random(PART * 2 + PART / 2);
        S3MultipartOutputStream upload = write("large.csv", bytes);
        upload.close();

        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("large.csv"));
        assertThat(stored.asByteArray()).isEqualTo(bytes);
        assertThat(stored.response().contentDisposition()).isEqualTo("attachment; filename=\"large.csv\"");
        assertThat(upload.sha256Hex()).isEqualTo(sha256(bytes));
        // A multipart object's checksum is the CRC32 of its parts' CRC32s, and their count.
        ByteBuffer parts = ByteBuffer.allocate(3 * Integer.BYTES);
        for (int at = 0; at < bytes.length; at += PART) {
            parts.put(Base64.getDecoder().decode(crc32(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + PART)))));
        }
        assertThat(checksum("large.csv")).as("S3 checked each part against the CRC32 it came with")
                .isEqualTo(crc32(parts.array()) + "-3");
        assertThat(openUploads("large.csv")).isZero();
    }

    @Test
    void an_abort_after_a_part_was_sent_leaves_no_object_and_no_open_upload() throws Exception {
        S3MultipartOutputStream upload = write("aborted.csv", random(PART + 1));
        assertThat(openUploads("aborted.csv")).as("the first full part began a multipart upload").isEqualTo(1);

        upload.abort();

        assertThat(openUploads("aborted.csv")).isZero();
        assertThat(stored("aborted.csv")).isFalse();
    }

    @Test
    void an_abort_before_a_part_is_full_leaves_nothing() throws Exception {
        S3MultipartOutputStream upload = write("early.csv", random(1000));

        upload.abort();

        assertThat(openUploads("early.csv")).isZero();
        assertThat(stored("early.csv")).isFalse();
    }

    private static S3MultipartOutputStream write(String key, byte[] bytes) throws IOException {
        S3MultipartOutputStream upload = S3MultipartOutputStream.open(s3, BUCKET, key, "text/csv", key, PART);
        for (int at = 0; at < bytes.length; at += 64 * 1024) {
            upload.write(bytes, at, Math.min(64 * 1024, bytes.length - at));
        }
        return upload;
    }

    private static String checksum(String key) {
        return s3.headObject(head -> head.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED)).checksumCRC32();
    }

    private static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array());
    }

    private static long openUploads(String key) {
        return s3.listMultipartUploads(list -> list.bucket(BUCKET).prefix(key)).uploads().size();
    }

    private static boolean stored(String key) {
        try {
            s3.headObject(head -> head.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
