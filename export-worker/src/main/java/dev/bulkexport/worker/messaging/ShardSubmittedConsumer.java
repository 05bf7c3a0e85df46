package dev.bulkexport.worker.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.WorkSignature;
import dev.bulkexport.worker.service.ExportService;
import dev.bulkexport.worker.service.RunningExports;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs each work record (a job of one shard, a shard of a fanned-out job, or a job's closing record) on the
 * {@code export-jobs} worker pool (its size is how many jobs or shards one worker runs at once). The record is
 * acknowledged, and with the throttled strategy its offset committed, only after the outcome was acknowledged by
 * Kafka. Work handed back by a stopping worker stays unacknowledged: its offset is not committed and another worker
 * gets it after the rebalance, as after a crash. A record that is no event at all is nacked, which sends it to the
 * dead-letter topic. A record whose partition a rebalance takes away is handed back as well
 * ({@link JobPartitionsListener}).
 *
 * <p>Nothing runs before the record's signature is checked ({@link WorkSignature}): a work record the api-service did
 * not sign as it is (another account's folder, other properties, another bucket, or no signature) writes nothing
 * anywhere and goes to the dead-letter topic, with a WARN naming its job, shard and why.
 */
@ApplicationScoped
public class ShardSubmittedConsumer {
    private static final Logger LOG = Logger.getLogger(ShardSubmittedConsumer.class);
    private static final CompletionStage<Void> LEFT_UNACKNOWLEDGED = CompletableFuture.completedFuture(null);

    private final ExportService exports;
    private final RunningExports running;
    private final WorkSignature signature;

    public ShardSubmittedConsumer(ExportService exports, RunningExports running, WorkSignature signature) {
        this.exports = exports;
        this.running = running;
        this.signature = signature;
    }

    @Incoming("shard-submitted")
    @Blocking(value = "export-jobs", ordered = false)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onShardSubmitted(Message<String> message) {
        JobEvent event;
        try {
            event = EventCodec.decode(message.getPayload());
        } catch (EventCodec.MalformedEventException e) {
            return message.nack(e);
        }
        if (!(event instanceof ShardSubmitted work)) {
            return message.ack();
        }
        try {
            signature.verify(message.getPayload());
        } catch (WorkSignature.ForgedWorkException e) {
            LOG.warnf("job %s shard %d/%d of account %s: %s; nothing is written, the record goes to the dead-letter"
                    + " topic", work.jobId(), work.shardIndex(), work.shardCount(), work.accountId(), e.getMessage());
            return message.nack(e);
        }
        ExportService.Result result;
        MDC.put("job_id", event.jobId().toString());
        try {
            result = running.from(partition(message), () -> exports.run(work));
        } finally {
            MDC.remove("job_id");
        }
        return switch (result) {
            case DONE -> message.ack();
            case HANDED_BACK -> LEFT_UNACKNOWLEDGED;
        };
    }

    private static TopicPartition partition(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> new TopicPartition(kafka.getTopic(), kafka.getPartition()))
                .orElse(null);
    }
}
