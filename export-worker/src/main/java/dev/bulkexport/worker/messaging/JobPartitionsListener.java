package dev.bulkexport.worker.messaging;

import dev.bulkexport.worker.service.RunningExports;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells {@link RunningExports} which partitions of the job and shard topics this worker owns. With the
 * cooperative sticky assignor a worker joining or leaving moves only the partitions it must; the exports of a
 * partition that moves are handed back before it goes, on the consumer's polling thread (well within
 * {@code max.poll.interval.ms}), so the next owner never runs a job that is still running here. Lost
 * partitions (a session that expired) are handed back alike: Kafka's default calls the revocation.
 */
@ApplicationScoped
@Identifier(JobPartitionsListener.NAME)
public class JobPartitionsListener implements KafkaConsumerRebalanceListener {
    public static final String NAME = "job-partitions";
    /** An export aborts its upload within a second or two; this bounds a hung S3 call. */
    static final Duration HAND_BACK_WAIT = Duration.ofSeconds(10);

    private final RunningExports running;

    public JobPartitionsListener(RunningExports running) {
        this.running = running;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        running.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            running.revoked(partitions, HAND_BACK_WAIT);
        }
    }
}
