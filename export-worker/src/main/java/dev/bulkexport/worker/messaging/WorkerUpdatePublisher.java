package dev.bulkexport.worker.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes JobStarted, JobProgressed and JobCompleted to {@code export.job.worker-updates}. */
@ApplicationScoped
public class WorkerUpdatePublisher {
    private static final URI SOURCE = URI.create("/bulk-export/export-worker");

    private final MutinyEmitter<String> emitter;

    public WorkerUpdatePublisher(@Channel("worker-updates") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Sends and waits until the broker acknowledged the event. */
    public void publish(JobEvent event) {
        emitter.sendMessageAndAwait(message(event));
    }

    /** Sends now; the stage completes when the broker acknowledged the event, or fails when it did not. */
    public CompletionStage<Void> send(JobEvent event) {
        return emitter.sendMessage(message(event)).subscribeAsCompletionStage();
    }

    /** Sends without waiting: for progress, which the next report supersedes anyway. */
    public void publishWithoutWaiting(JobEvent event) {
        emitter.sendMessageAndForget(message(event));
    }

    private static Message<String> message(JobEvent event) {
        String key = event.jobId().toString();
        return Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(OutgoingCloudEventMetadata.<String>builder()
                        .withId(event.eventId().toString())
                        .withType("dev.bulkexport." + event.type())
                        .withSource(SOURCE)
                        .withSubject(key)
                        .withTimestamp(event.occurredAt().atZone(ZoneOffset.UTC))
                        // Written as the record's content-type header (CloudEvents binary mode).
                        .withDataContentType("application/json")
                        .build());
    }
}
