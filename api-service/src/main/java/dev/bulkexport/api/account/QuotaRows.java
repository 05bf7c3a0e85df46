package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.PgArrays;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Property records counted against an account's monthly quota. */
@ApplicationScoped
class QuotaRows {

    /** How many of the ids are already counted for the account in the month. */
    Uni<Integer> alreadyCounted(SqlClient sql, UUID accountId, LocalDate month, List<Long> propertyIds) {
        return sql.preparedQuery("""
                        SELECT count(*) FROM api.quota_usage
                         WHERE account_id = $1 AND month = $2 AND property_id = ANY ($3::bigint[])""")
                .execute(Tuple.of(accountId, month, PgArrays.bigintArray(propertyIds)))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** An account's monthly limit and the records counted this month, as one statement saw them. */
    record Usage(int limit, long consumed) {
    }

    /**
     * Charges the ids not yet counted this month to the job; the number charged. In id order, so that two
     * creates charging the same properties wait for each other's rows in one order and never deadlock.
     */
    Uni<Integer> charge(SqlClient sql, UUID accountId, LocalDate month, List<Long> propertyIds, UUID jobId) {
        return sql.preparedQuery("""
                        INSERT INTO api.quota_usage (account_id, month, property_id, job_id)
                        SELECT $1, $2, p, $4 FROM unnest($3::bigint[]) AS p ORDER BY p
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(accountId, month, propertyIds.toArray(Long[]::new), jobId))
                .map(rows -> rows.rowCount());
    }

    /**
     * Locks the account row until the transaction ends if the job charged records in it; otherwise takes no
     * lock. FOR NO KEY UPDATE: the foreign-key checks of other inserts (FOR KEY SHARE) do not wait for it.
     */
    Uni<Void> lockAccountIfCharged(SqlClient sql, UUID accountId, UUID jobId) {
        return sql.preparedQuery("""
                        SELECT 1 FROM api.accounts
                         WHERE id = $1 AND EXISTS (SELECT 1 FROM api.quota_usage WHERE job_id = $2)
                           FOR NO KEY UPDATE""")
                .execute(Tuple.of(accountId, jobId))
                .replaceWithVoid();
    }

    /** The account's limit and the month's count, including this transaction's own charges. */
    Uni<Usage> usage(SqlClient sql, UUID accountId, LocalDate month) {
        return sql.preparedQuery("""
                        SELECT a.monthly_quota,
                               (SELECT count(*) FROM api.quota_usage q WHERE q.account_id = a.id AND q.month = $2)
                          FROM api.accounts a WHERE a.id = $1""")
                .execute(Tuple.of(accountId, month))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Usage(row.getInteger(0), row.getLong(1));
                });
    }

    /**
     * Gives back what a failed or cancelled job was charged. A property that another live job of the same
     * month also exported stays counted, now charged to the earliest such job.
     */
    Uni<Integer> giveBack(SqlClient sql, UUID jobId) {
        return sql.preparedQuery("""
                        WITH released AS (
                            DELETE FROM api.quota_usage WHERE job_id = $1
                            RETURNING account_id, month, property_id)
                        INSERT INTO api.quota_usage (account_id, month, property_id, job_id)
                        SELECT DISTINCT ON (r.property_id) r.account_id, r.month, r.property_id, j.id
                          FROM released r
                          JOIN api.jobs j ON j.account_id = r.account_id
                               AND j.id <> $1
                               AND j.status IN ('SUBMITTED', 'SUCCEEDED')
                               AND j.created_at >= r.month AND j.created_at < r.month + INTERVAL '1 month'
                               AND r.property_id = ANY (j.property_ids)
                         ORDER BY r.property_id, j.created_at
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.rowCount());
    }
}
