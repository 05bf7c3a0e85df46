package dev.bulkexport.api.destination;

import dev.bulkexport.common.secrets.SecretCipher;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * After a key rotation, seals again with the current key every secret still sealed with a previous one: the
 * destinations' and the unfinished jobs' copies. Every replica runs it (at start and every
 * {@code export.destinations.reseal-interval}); each row changes only if it still holds the value read, so two
 * replicas never undo each other. Once it reports nothing left, the previous key can be removed
 * (docs/operations.md, "Rotating the destination key").
 */
@ApplicationScoped
public class DestinationKeyRotation {
    private static final Logger LOG = Logger.getLogger(DestinationKeyRotation.class);
    private static final int BATCH = 100;
    private static final String OLD_DESTINATIONS = "SELECT id, sealed_secret_access_key FROM api.destinations"
            + " WHERE sealed_secret_access_key NOT LIKE $1 LIMIT " + BATCH;
    private static final String RESEAL_DESTINATION = "UPDATE api.destinations SET sealed_secret_access_key = $1"
            + " WHERE id = $2 AND sealed_secret_access_key = $3";
    private static final String OLD_JOB_COPIES = "SELECT id, destination_id, destination_sealed_secret FROM api.jobs"
            + " WHERE destination_sealed_secret IS NOT NULL AND destination_sealed_secret NOT LIKE $1 LIMIT " + BATCH;
    private static final String RESEAL_JOB = "UPDATE api.jobs SET destination_sealed_secret = $1"
            + " WHERE id = $2 AND destination_sealed_secret = $3";

    private final Pool pool;
    private final SecretCipher cipher;

    public DestinationKeyRotation(Pool pool, SecretCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    @Scheduled(every = "${export.destinations.reseal-interval:10m}", delay = 10,
            delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reseal().invoke(count -> {
            if (count > 0) {
                LOG.infof("sealed %d destination secrets again with key %s", count, cipher.currentKeyId());
            }
        }).onFailure().invoke(e -> LOG.warnf("re-sealing destination secrets failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Re-seals one batch of each table; the number of secrets sealed again. */
    public Uni<Integer> reseal() {
        String current = "v1:" + cipher.currentKeyId() + ":%";
        Uni<Integer> destinations = pool.preparedQuery(OLD_DESTINATIONS).execute(Tuple.of(current))
                .chain(rows -> update(RESEAL_DESTINATION, rows, row -> row.getUUID(0), row -> row.getString(1)));
        return destinations.chain(first -> pool.preparedQuery(OLD_JOB_COPIES).execute(Tuple.of(current))
                .chain(rows -> update(RESEAL_JOB, rows, row -> row.getUUID(1), row -> row.getString(2)))
                .map(second -> first + second));
    }

    private Uni<Integer> update(String sql, Iterable<Row> rows, java.util.function.Function<Row, UUID> context,
            java.util.function.Function<Row, String> sealed) {
        List<Tuple> changes = new ArrayList<>();
        for (Row row : rows) {
            String before = sealed.apply(row);
            try {
                changes.add(Tuple.of(cipher.encrypt(cipher.decrypt(before, context.apply(row).toString()),
                        context.apply(row).toString()), row.getUUID(0), before));
            } catch (SecretCipher.UnreadableSecretException e) {
                LOG.errorf("the secret of row %s cannot be opened with the configured keys: %s", row.getUUID(0),
                        e.getMessage());
            }
        }
        return changes.isEmpty() ? Uni.createFrom().item(0)
                : pool.preparedQuery(sql).executeBatch(changes).replaceWith(changes.size());
    }
}
