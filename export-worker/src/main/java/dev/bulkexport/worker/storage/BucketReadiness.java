package dev.bulkexport.worker.storage;

import dev.bulkexport.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;

/** The worker is ready only while it can reach the export bucket. */
@Readiness
@ApplicationScoped
public class BucketReadiness implements HealthCheck {
    private final S3Client s3;
    private final WorkerConfig config;

    public BucketReadiness(S3Client s3, WorkerConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            s3.headBucket(head -> head.bucket(config.bucket()));
            return HealthCheckResponse.up("s3-bucket");
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().name("s3-bucket").down()
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
