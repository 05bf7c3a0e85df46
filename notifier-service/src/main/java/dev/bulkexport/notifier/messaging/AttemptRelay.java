package dev.bulkexport.notifier.messaging;

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
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes recorded attempts (notifier.attempts, the notifier's outbox) to {@code export.webhook.attempts}
 * in id order, keyed by job id, and marks them published once Kafka acknowledged them. Replicas share the
 * rows with {@code FOR UPDATE SKIP LOCKED}; a failed round leaves them for the next.
 */
@ApplicationScoped
public class AttemptRelay {
    private static final Logger LOG = Logger.getLogger(AttemptRelay.class);
    private static final URI SOURCE = URI.create("/bulk-export/notifier-service");
    private static final int BATCH = 200;

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopping;

    public AttemptRelay(Pool pool, @Channel("webhook-attempts") MutinyEmitter<String> emitter) {
        this.pool = pool;
        this.emitter = emitter;
    }

    /** The safety net for rows no wake-up published; starts late so that the Kafka channel is wired first. */
    @Scheduled(every = "1s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return stopping ? Uni.createFrom().voidItem() : relay();
    }

    /** No new rounds once shutdown began: the database pool closes before the scheduler stops. */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Publishes right after attempts were recorded, without waiting for the next round. */
    public void wakeUp() {
        relay().subscribe().with(ignored -> { }, e -> { });
    }

    private Uni<Void> relay() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(this::publishBatch)
                .repeat().whilst(published -> published == BATCH)
                .collect().last()
                .onFailure().invoke(e -> LOG.warnf("attempt relay round failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.set(false))
                .replaceWithVoid();
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection.preparedQuery("SELECT id, event_id, job_id, payload, attempted_at FROM notifier.attempts"
                        + " WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(BATCH))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publishAll(connection, rows));
    }

    private Uni<Integer> publishAll(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            sends.add(emitter.sendMessage(toMessage(row)));
        }
        return Uni.join().all(sends).andFailFast()
                .chain(() -> connection.preparedQuery("UPDATE notifier.attempts SET published_at = now()"
                                + " WHERE id = ANY($1)")
                        .execute(Tuple.of(ids.toArray(Long[]::new))))
                .map(updated -> ids.size());
    }

    private static Message<String> toMessage(Row row) {
        String key = row.getUUID("job_id").toString();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.getUUID("event_id").toString())
                .withType("dev.bulkexport.WebhookAttempted")
                .withSource(SOURCE)
                .withSubject(key)
                .withTimestamp(row.getOffsetDateTime("attempted_at").toZonedDateTime())
                .build();
        return Message.of(row.getString("payload")).addMetadata(kafka).addMetadata(cloudEvent);
    }
}
