package dev.bulkexport.worker.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.ShardSubmitted;
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
import org.jboss.logging.MDC;

/**
 * Runs each work record (a job of one shard, a shard of a fanned-out job, or a job's closing record) on the
 * {@code export-jobs} worker pool (its size is how many jobs or shards one worker runs at once). The record is
 * acknowledged, and with the throttled strategy its offset committed, only after the outcome was acknowledged by
 * Kafka. Work handed back by a stopping worker stays unacknowledged: its offset is not committed and another worker
 * gets it after the rebalance, as after a crash. A record that is no event at all is nacked, which sends it to the
 * dead-letter topic. A record whose partition a rebalance takes away is handed back as well
 * ({@link JobPartitionsListener}).
 */
@ApplicationScoped
public class ShardSubmittedConsumer {
    private static final CompletionStage<Void> LEFT_UNACKNOWLEDGED = CompletableFuture.completedFuture(null);

    private final ExportService exports;
    private final RunningExports running;

    public ShardSubmittedConsumer(ExportService exports, RunningExports running) {
        this.exports = exports;
        this.running = running;
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
        ExportService.Result result;
        MDC.put("job_id", event.jobId().toString());
        try {
            if (event instanceof ShardSubmitted work) {
                result = running.from(partition(message), () -> exports.run(work));
            } else {
                return message.ack();
            }
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
