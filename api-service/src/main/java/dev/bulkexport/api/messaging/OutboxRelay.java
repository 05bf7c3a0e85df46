package dev.bulkexport.api.messaging;

import dev.bulkexport.api.config.ApiConfig;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in id order and marks them sent once the broker acknowledged
 * them ({@code acks=all}, idempotent producer). Replicas share the work: each locks its batch with
 * {@code FOR UPDATE SKIP LOCKED}. A row whose publication fails stays unsent and is retried next round.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final URI SOURCE = URI.create("/bulk-export/api-service");

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set by every wake-up; a round that finds it set when it ends goes once more (the rows may be new). */
    private final AtomicBoolean wokenUp = new AtomicBoolean();
    private volatile boolean stopping;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> emitter, ApiConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = config.outbox().batchSize();
        Gauge.builder("bulk_export.outbox.backlog", backlog, AtomicLong::get)
                .description("Events written but not yet published").register(registry);
        Gauge.builder("bulk_export.outbox.oldest.age.seconds", oldestAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest unpublished event").register(registry);
    }

    /** No new rounds once shutdown began: the database pool closes before the scheduler stops. */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * The safety net: picks up whatever no wake-up published (other replicas' rows, failed rounds). The first
     * round waits one interval: at start-up the Kafka channel may not be connected yet.
     */
    @Scheduled(every = "${export.outbox.poll-interval}", delayed = "${export.outbox.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return relay().chain(this::measureBacklog);
    }

    private Uni<Void> measureBacklog() {
        return pool.query("SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0)"
                        + " FROM api.outbox WHERE sent_at IS NULL").execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong(0));
                    oldestAgeMillis.set(row.getNumeric(1).longValue());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Publishes right away after a commit that added events, without waiting for the next round. A wake-up
     * that comes while a round runs is not lost: that round, whose query may have missed the new rows, runs
     * again (before, such rows waited for the scheduled round, up to the poll interval).
     */
    public void wakeUp() {
        wokenUp.set(true);
        relay().subscribe().with(ignored -> { }, e -> { });
    }

    /** One round at a time per replica, so that events of a job leave in the order they were written. */
    private Uni<Void> relay() {
        if (stopping || !running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        wokenUp.set(false);
        return pool.withTransaction(this::publishBatch)
                .repeat().whilst(published -> published == batchSize || wokenUp.getAndSet(false))
                .collect().last()
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(this::endRound)
                .replaceWithVoid();
    }

    /** Ends a round; a wake-up that came after its last query, while it was still running, starts another. */
    private void endRound() {
        running.set(false);
        if (wokenUp.get() && !stopping) {
            wakeUp();
        }
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection.preparedQuery("SELECT id, topic, message_key, event_id, event_type, payload, created_at,"
                        + " traceparent FROM api.outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(batchSize))
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
                .chain(() -> connection.preparedQuery("UPDATE api.outbox SET sent_at = now() WHERE id = ANY($1)")
                        .execute(Tuple.of(ids.toArray(Long[]::new))))
                .map(updated -> ids.size());
    }

    /** Sends inside the trace of the change that wrote the event, so the trace goes on through Kafka. */
    private Uni<Void> send(Row row) {
        try (Scope scope = TraceParent.parent(row.getString("traceparent")).makeCurrent()) {
            return Uni.createFrom().completionStage(emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage());
        }
    }

    private static Message<String> toMessage(Row row) {
        String key = row.getString("message_key");
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(key)
                .build();
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.getUUID("event_id").toString())
                .withType("dev.bulkexport." + row.getString("event_type"))
                .withSource(SOURCE)
                .withSubject(key)
                .withTimestamp(row.getOffsetDateTime("created_at").toZonedDateTime())
                .build();
        return Message.of(row.getString("payload")).addMetadata(kafka).addMetadata(cloudEvent);
    }
}
