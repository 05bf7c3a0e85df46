package dev.bulkexport.api.destination;

import dev.bulkexport.common.events.ExportDestination;
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
 * After a key rotation, seals again with the current key every secret still sealed with a previous one or in the
 * older v1 form (bound to the destination's id only; {@link SecretCipher}): the destinations' and the unfinished
 * jobs' copies, each bound then to its account, destination, bucket, endpoint and access key id. Every replica runs it (at start and every
 * {@code export.destinations.reseal-interval}); each row changes only if it still holds the value read, so two
 * replicas never undo each other. Once it reports nothing left, the previous key can be removed
 * (docs/operations.md, "Rotating the destination key").
 */
@ApplicationScoped
public class DestinationKeyRotation {
    private static final Logger LOG = Logger.getLogger(DestinationKeyRotation.class);
    private static final int BATCH = 100;
    private static final String OLD_DESTINATIONS = "SELECT id, sealed_secret_access_key, account_id, id, bucket,"
            + " endpoint, access_key_id FROM api.destinations WHERE sealed_secret_access_key NOT LIKE $1 LIMIT " + BATCH;
    private static final String RESEAL_DESTINATION = "UPDATE api.destinations SET sealed_secret_access_key = $1"
            + " WHERE id = $2 AND sealed_secret_access_key = $3";
    private static final String OLD_JOB_COPIES = "SELECT id, destination_sealed_secret, account_id, destination_id,"
            + " destination_bucket, destination_endpoint, destination_access_key_id FROM api.jobs"
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
                LOG.infof("sealed %d destination secrets again with key %s, bound to their owners", count, cipher.currentKeyId());
            }
        }).onFailure().invoke(e -> LOG.warnf("re-sealing destination secrets failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Re-seals one batch of each table; the number of secrets sealed again. */
    public Uni<Integer> reseal() {
        String current = cipher.currentPrefix() + "%";
        Uni<Integer> destinations = pool.preparedQuery(OLD_DESTINATIONS).execute(Tuple.of(current))
                .chain(rows -> update(RESEAL_DESTINATION, rows));
        return destinations.chain(first -> pool.preparedQuery(OLD_JOB_COPIES).execute(Tuple.of(current))
                .chain(rows -> update(RESEAL_JOB, rows))
                .map(second -> first + second));
    }

    /** Rows of (row id, sealed secret, account, destination, bucket, endpoint, access key id). */
    private Uni<Integer> update(String sql, Iterable<Row> rows) {
        List<Tuple> changes = new ArrayList<>();
        for (Row row : rows) {
            String before = row.getString(1);
            UUID destination = row.getUUID(3);
            String context = ExportDestination.secretContext(row.getUUID(2), destination, row.getString(4),
                    row.getString(5), row.getString(6));
            try {
                changes.add(Tuple.of(cipher.encrypt(cipher.decrypt(before, context, destination.toString()),
                        context), row.getUUID(0), before));
            } catch (SecretCipher.UnreadableSecretException e) {
                LOG.errorf("the secret of row %s cannot be opened with the configured keys: %s", row.getUUID(0),
                        e.getMessage());
            }
        }
        return changes.isEmpty() ? Uni.createFrom().item(0)
                : pool.preparedQuery(sql).executeBatch(changes).replaceWith(changes.size());
    }
}
