package dev.bulkexport.e2e;

import dev.bulkexport.testsupport.ExportStack;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 client of the stack's S3Proxy, for tests that look at the bucket behind the services' backs. */
final class StackS3 {
    private StackS3() {
    }

    static S3Client client(ExportStack stack) {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.s3Endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ExportStack.S3_ACCESS_KEY, ExportStack.S3_SECRET_KEY)))
                .build();
    }

    /** The multipart uploads not completed nor aborted whose key contains {@code text} ("" for all). */
    static long openUploads(S3Client s3, String text) {
        return s3.listMultipartUploads(list -> list.bucket(ExportStack.BUCKET)).uploads().stream()
                .filter(upload -> upload.key().contains(text)).count();
    }
}
