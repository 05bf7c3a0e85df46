package dev.bulkexport.api.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.UUID;

/** Idempotency-Key records of job creation, valid for 24 hours; statements of a create's transaction. */
@ApplicationScoped
public class IdempotencyRows {

    /** A live record of the key: the request's hash and the job it created; null when none. */
    public record Entry(String requestHash, UUID jobId) {
    }

    public Uni<Entry> find(SqlClient sql, UUID accountId, String key) {
        return sql.preparedQuery("""
                        SELECT request_hash, job_id FROM api.idempotency_keys
                         WHERE account_id = $1 AND key = $2 AND created_at > now() - INTERVAL '24 hours'""")
                .execute(Tuple.of(accountId, key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Entry(row.getString("request_hash"), row.getUUID("job_id"));
                });
    }

    /** Records the key for a new job, taking over an expired record; false when a live one exists. */
    public Uni<Boolean> remember(SqlClient sql, UUID accountId, String key, String requestHash, UUID jobId) {
        return sql.preparedQuery("""
                        INSERT INTO api.idempotency_keys (account_id, key, request_hash, job_id, created_at)
                        VALUES ($1, $2, $3, $4, now())
                        ON CONFLICT (account_id, key) DO UPDATE
                           SET request_hash = excluded.request_hash, job_id = excluded.job_id, created_at = now()
                         WHERE api.idempotency_keys.created_at <= now() - INTERVAL '24 hours'""")
                .execute(Tuple.from(Arrays.asList(accountId, key, requestHash, jobId)))
                .map(rows -> rows.rowCount() == 1);
    }
}
