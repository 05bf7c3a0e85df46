package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.events.ShardCompleted;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A shard's checkpoint object beside its files: the ShardCompleted its worker published, stored once its files
 * are complete. Kafka commits a shard's offset some time after the shard finished (and only once every earlier
 * record of the partition did), so a worker's crash redelivers finished shards too; the next worker finds the
 * checkpoint and publishes the same event again (the api-service applies it once) instead of redoing the shard.
 */
final class ShardCheckpoint {
    private ShardCheckpoint() {
    }

    static void put(S3Client s3, String bucket, ShardSubmitted job, ShardCompleted outcome) {
        ExportFile checkpoint = ExportFile.checkpoint(job, outcome.shardIndex());
        s3.putObject(put -> put.bucket(bucket).key(checkpoint.objectKey()).contentType("application/json"),
                RequestBody.fromString(EventCodec.encode(outcome), StandardCharsets.UTF_8));
    }

    /** The shard's stored outcome; null when no worker completed it. */
    static ShardCompleted find(S3Client s3, String bucket, ShardSubmitted job, int shard) {
        ExportFile checkpoint = ExportFile.checkpoint(job, shard);
        try {
            String json = s3.getObjectAsBytes(get -> get.bucket(bucket).key(checkpoint.objectKey())).asUtf8String();
            return EventCodec.decode(json) instanceof ShardCompleted done && done.shardIndex() == shard ? done : null;
        } catch (NoSuchKeyException e) {
            return null;
        }
    }
}
