package dev.bulkexport.notifier.service;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.messaging.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes an event on its account's topic ({@link Topics#accountJobStatus}), creating the topic first if
 * need be, keyed as on the internal topic (job id, or schedule id) and with the CloudEvents headers of every
 * event of the system, its source this service.
 */
@ApplicationScoped
public class AccountEvents {
    static final URI SOURCE = URI.create("/bulk-export/notifier-service");

    private final MutinyEmitter<String> emitter;
    private final AccountTopics topics;

    public AccountEvents(@Channel("account-job-status") MutinyEmitter<String> emitter, AccountTopics topics) {
        this.emitter = emitter;
        this.topics = topics;
    }

    public Uni<Void> publish(JobEvent event) {
        String topic = Topics.accountJobStatus(event.accountId().toString());
        String key = event.key().toString();
        Message<String> message = Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build())
                .addMetadata(OutboxRelay.cloudEvent(event.eventId().toString(), event.type(), SOURCE, key,
                        event.occurredAt().atZone(ZoneOffset.UTC)));
        return topics.ensure(topic).chain(() -> emitter.sendMessage(message));
    }
}
