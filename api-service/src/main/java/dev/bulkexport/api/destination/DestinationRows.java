package dev.bulkexport.api.destination;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Destination rows on the reactive SQL client; every read maps {@link DestinationRecord#COLUMNS}. */
@ApplicationScoped
public class DestinationRows {
    private static final String COLUMNS = String.join(", ", DestinationRecord.COLUMNS);
    private static final String INSERT = "INSERT INTO api.destinations (" + COLUMNS
            + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    private static final String FIND_OWNED = "SELECT " + COLUMNS
            + " FROM api.destinations WHERE id = $1 AND account_id = $2";
    private static final String PAGE = "SELECT " + COLUMNS
            + " FROM api.destinations WHERE account_id = $1 ORDER BY created_at, id OFFSET $2 LIMIT $3";
    private static final String COUNT = "SELECT count(*) FROM api.destinations WHERE account_id = $1";
    private static final String DELETE = "DELETE FROM api.destinations WHERE id = $1 AND account_id = $2";

    private final Pool pool;

    public DestinationRows(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient sql, DestinationRecord d) {
        return sql.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(d.id(), d.accountId(), d.name(), d.type(),
                d.bucket(), d.prefix(), d.region(), d.endpoint(), d.accessKeyId(), d.sealedSecretAccessKey(),
                d.createdAt().atOffset(ZoneOffset.UTC)))).replaceWithVoid();
    }

    /** The account's destination; null when it has none of that id (another account's does not exist). */
    public Uni<DestinationRecord> findOwned(SqlClient sql, UUID accountId, UUID id) {
        return sql.preparedQuery(FIND_OWNED).execute(Tuple.of(id, accountId)).map(DestinationRows::first);
    }

    public Uni<DestinationRecord> findOwned(UUID accountId, UUID id) {
        return findOwned(pool, accountId, id);
    }

    public Uni<List<DestinationRecord>> page(UUID accountId, long offset, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(accountId, offset, limit)).map(rows -> {
            List<DestinationRecord> found = new ArrayList<>();
            rows.forEach(row -> found.add(destination(row)));
            return found;
        });
    }

    /**
     * The account's destinations, counted under a lock on the account's destination creates held to the end of the
     * transaction, so that two creates at once (on two replicas) cannot both pass the cap.
     */
    public Uni<Long> countForCreate(SqlClient sql, UUID accountId) {
        return sql.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('api.destinations:' || $1::text, 0))")
                .execute(Tuple.of(accountId.toString())).chain(() -> count(sql, accountId));
    }

    public Uni<Long> count(UUID accountId) {
        return count(pool, accountId);
    }

    private static Uni<Long> count(SqlClient sql, UUID accountId) {
        return sql.preparedQuery(COUNT).execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Deletes the account's destination; false when it has none of that id. */
    public Uni<Boolean> delete(UUID accountId, UUID id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(id, accountId)).map(rows -> rows.rowCount() > 0);
    }

    private static DestinationRecord first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : destination(rows.iterator().next());
    }

    /** The row in {@link DestinationRecord#COLUMNS} order. */
    private static DestinationRecord destination(Row row) {
        OffsetDateTime created = row.getOffsetDateTime(10);
        return new DestinationRecord(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                row.getString(9), created.toInstant());
    }
}
