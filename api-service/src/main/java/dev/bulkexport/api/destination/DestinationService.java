package dev.bulkexport.api.destination;


import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.secrets.SecretCipher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Destination use cases: add one once the access check passed (its secret sealed before it is stored), read,
 * list, delete; and the lookup a job's create makes. A job keeps its own copy of where it is written and of the
 * sealed credentials until it ends, so deleting a destination changes no job already created; runs of a schedule
 * that names a deleted destination are rejected.
 */
@ApplicationScoped
public class DestinationService {
    private static final Logger LOG = Logger.getLogger(DestinationService.class);

    private final Pool pool;
    private final DestinationRows rows;
    private final DestinationProbe probe;
    private final DestinationChecks checks;
    private final DestinationClients clients;
    private final SecretCipher cipher;
    private final Clock clock;
    private final int maxPerAccount;

    public DestinationService(Pool pool, DestinationRows rows, DestinationProbe probe, DestinationChecks checks,
            DestinationClients clients, SecretCipher cipher, Clock clock, DestinationConfig config) {
        this.pool = pool;
        this.rows = rows;
        this.probe = probe;
        this.checks = checks;
        this.clients = clients;
        this.cipher = cipher;
        this.clock = clock;
        this.maxPerAccount = config.maxPerAccount();
    }

    /**
     * Checks access (a test write and delete, on a worker thread; within the account's checks per minute), then
     * stores the destination.
     */
    public Uni<DestinationRecord> create(UUID accountId, NewDestination request) {
        UUID id = UUID.randomUUID();
        return rows.count(accountId).invoke(this::checkCap).invoke(() -> checks.take(accountId))
                .chain(() -> Uni.createFrom().item(() -> {
                    probe.check(request);
                    return new DestinationRecord(id, accountId, request.name(), DestinationRecord.S3, request.bucket(),
                            request.prefix(), request.region(), request.endpoint(), request.accessKeyId(),
                            cipher.encrypt(request.secretAccessKey(), ExportDestination.secretContext(accountId, id,
                                    request.bucket(), request.endpoint(), request.accessKeyId())),
                            clock.instant());
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(destination -> pool.withTransaction(sql -> rows.countForCreate(sql, accountId).invoke(this::checkCap)
                        .chain(() -> rows.insert(sql, destination))).replaceWith(destination))
                .invoke(destination -> LOG.infof("destination %s added for account %s: bucket %s, prefix '%s'",
                        destination.id(), accountId, destination.bucket(), destination.prefix()));
    }

    public Uni<DestinationRecord> view(UUID accountId, UUID id) {
        return rows.findOwned(accountId, id).onItem().ifNull().failWith(() -> new DestinationNotFoundException(id));
    }

    public Uni<DestinationPage> list(UUID accountId, long offset, int perPage) {
        return rows.page(accountId, offset, perPage)
                .chain(found -> rows.count(accountId).map(total -> new DestinationPage(found, total)));
    }

    public Uni<Void> delete(UUID accountId, UUID id) {
        return rows.delete(accountId, id).invoke(deleted -> {
            if (!deleted) {
                throw new DestinationNotFoundException(id);
            }
            LOG.infof("destination %s deleted", id);
        }).replaceWithVoid();
    }

    /**
     * The account's destination as a new job is written to it, read in the create's transaction; refused (400)
     * when the account has none of that id.
     */
    public Uni<ExportDestination> forJob(SqlClient sql, UUID accountId, UUID id) {
        return rows.findOwned(sql, accountId, id).map(found -> {
            if (found == null) {
                throw unknown(id);
            }
            return found.forJob();
        });
    }

    /** Checks that a schedule's destination exists when it is created or changed. */
    public Uni<Void> requireOwned(UUID accountId, UUID id) {
        return id == null ? Uni.createFrom().voidItem() : forJob(pool, accountId, id).replaceWithVoid();
    }

    /** Every destination of the account as a job carries it (the secret still sealed), oldest first. */
    public Uni<List<ExportDestination>> all(UUID accountId) {
        return rows.page(accountId, 0, maxPerAccount)
                .map(found -> found.stream().map(DestinationRecord::forJob).toList());
    }

    /**
     * An S3 client of the account's destination with its own credentials (the secret opened here, never kept),
     * each call within {@code timeout}; the SSRF guard checks every connection. Blocking to use; close it after.
     */
    public S3Client client(UUID accountId, ExportDestination destination, Duration timeout) {
        return clients.s3(destination.region(), destination.endpoint(), destination.accessKeyId(),
                cipher.decrypt(destination.sealedSecretAccessKey(), destination.secretContext(accountId)), timeout);
    }

    static DestinationRefusedException unknown(UUID id) {
        return new DestinationRefusedException("destination_id: this account has no destination " + id);
    }

    private void checkCap(long count) {
        if (count >= maxPerAccount) {
            throw new DestinationRefusedException("destinations: an account may have at most " + maxPerAccount
                    + " destinations (MAX_DESTINATIONS_PER_ACCOUNT); delete one first");
        }
    }

    /** A page of destinations and the account's total. */
    public record DestinationPage(List<DestinationRecord> destinations, long totalCount) {
    }
}
