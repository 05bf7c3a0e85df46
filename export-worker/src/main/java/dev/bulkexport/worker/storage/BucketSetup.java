package dev.bulkexport.worker.storage;

import dev.bulkexport.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Creates the export bucket at start-up when configured to (local runs and tests). */
@Singleton
public class BucketSetup {
    private static final Logger LOG = Logger.getLogger(BucketSetup.class);

    void onStart(@Observes StartupEvent event, S3Client s3, WorkerConfig config) {
        if (!config.createBucket()) {
            return;
        }
        try {
            s3.headBucket(head -> head.bucket(config.bucket()));
        } catch (NoSuchBucketException e) {
            s3.createBucket(create -> create.bucket(config.bucket()));
            LOG.infof("created bucket %s", config.bucket());
        }
    }
}
