package dev.bulkexport.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes committed outbox rows ({@link OutboxConfig#table()}) to Kafka in id order, as CloudEvents keyed by
 * job id, and marks them sent once the broker acknowledged them ({@code acks=all}, idempotent producer, on the
 * {@code outbox} channel). Replicas share the work: each locks its batch with {@code FOR UPDATE SKIP LOCKED}. A
 * row whose publication fails stays unsent and is retried next round. Both services that write events use it.
 */
@ApplicationScoped
public class OutboxRelay {
    /**
     * CloudEvents' {@code datacontenttype}, which binary mode writes as the record's {@code content-type} header:
     * without it a CloudEvents reader cannot tell the payload is JSON.
     */
    public static final String EVENT_CONTENT_TYPE = "application/json";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final URI source;
    private final String selectBatch;
    private final String markSent;
    private final String measureBacklog;
    private final RelayRounds rounds;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Gauges gauges;

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> emitter, OutboxConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = config.batchSize();
        this.source = URI.create(config.source());
        OutboxConfig.Columns c = config.columns();
        this.selectBatch = "SELECT " + c.id() + " AS id, " + c.topic() + " AS topic, " + c.key() + " AS message_key, "
                + c.eventId() + " AS event_id, " + c.eventType() + " AS event_type, " + c.payload() + " AS payload, "
                + c.createdAt() + " AS created_at, " + c.traceparent() + " AS traceparent FROM " + config.table()
                + " WHERE " + c.sentAt() + " IS NULL ORDER BY " + c.id() + " LIMIT $1 FOR UPDATE SKIP LOCKED";
        this.markSent = "UPDATE " + config.table() + " SET " + c.sentAt() + " = now() WHERE " + c.id() + " = ANY($1)";
        this.measureBacklog = "SELECT count(*), coalesce(extract(epoch FROM now() - min(" + c.createdAt()
                + ")) * 1000, 0) FROM " + config.table() + " WHERE " + c.sentAt() + " IS NULL";
        this.rounds = new RelayRounds(() -> pool.withTransaction(this::publishBatch), batchSize);
        this.gauges = new Gauges(registry);
        gauges.add(Gauge.builder("bulk_export.outbox.backlog", backlog, AtomicLong::get)
                .description("Events written but not yet published"));
        gauges.add(Gauge.builder("bulk_export.outbox.oldest.age.seconds", oldestAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest unpublished event"));
    }

    void onShutdown(@Observes ShutdownEvent event) {
        rounds.stop();
        gauges.removeAll();
    }

    /**
     * The safety net: picks up whatever no wake-up published (other replicas' rows, failed rounds), and measures
     * the backlog. No round runs before the application has started: until then the Kafka channel may not be
     * connected (a slow start on a busy host once logged the emitter's DefinitionException every second).
     */
    @Scheduled(every = "${outbox.poll-interval}", delayed = "${outbox.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return rounds.round().chain(this::measureBacklog);
    }

    /** Publishes right away after a commit that added events, without waiting for the next round. */
    public void wakeUp() {
        rounds.wakeUp();
    }

    private Uni<Void> measureBacklog() {
        return pool.query(measureBacklog).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong(0));
                    oldestAgeMillis.set(row.getNumeric(1).longValue());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection.preparedQuery(selectBatch).execute(Tuple.of(batchSize))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publishAll(connection, rows));
    }

    private Uni<Integer> publishAll(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            sends.add(Uni.createFrom().deferred(() -> send(row)));
        }
        return Uni.join().all(sends).andFailFast()
                .chain(() -> connection.preparedQuery(markSent).execute(Tuple.of(ids.toArray(Long[]::new))))
                .map(updated -> ids.size());
    }

    /** Sends inside the trace of the change that wrote the event, so the trace goes on through Kafka. */
    private Uni<Void> send(Row row) {
        try (Scope scope = TraceParent.parent(row.getString("traceparent")).makeCurrent()) {
            return Uni.createFrom().completionStage(emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage());
        }
    }

    private Message<String> toMessage(Row row) {
        String key = row.getString("message_key");
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> kafka =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        String topic = row.getString("topic");
        if (topic != null) {
            kafka.withTopic(topic);
        }
        return Message.of(row.getString("payload")).addMetadata(kafka.build()).addMetadata(cloudEvent(
                row.getUUID("event_id").toString(), row.getString("event_type"), source, key,
                row.getOffsetDateTime("created_at").toZonedDateTime()));
    }

    /**
     * The CloudEvents attributes every record of the system carries (binary mode: {@code ce_*} headers and the
     * {@code content-type} of a JSON payload); {@code type} is the event's simple type name.
     */
    public static OutgoingCloudEventMetadata<String> cloudEvent(String id, String type, URI source, String subject,
            java.time.ZonedDateTime time) {
        return OutgoingCloudEventMetadata.<String>builder().withId(id).withType("dev.bulkexport." + type)
                .withSource(source).withSubject(subject).withTimestamp(time).withDataContentType(EVENT_CONTENT_TYPE)
                .build();
    }
}
