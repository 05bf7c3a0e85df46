package dev.bulkexport.api.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Property records counted against an account's monthly quota. */
@ApplicationScoped
public class QuotaRepository {

    /** How many distinct properties the account has exported in the month. */
    public Uni<Long> usage(UUID accountId, LocalDate month) {
        return Panache.getSession().chain(session -> session.<Object>createNativeQuery(
                        "SELECT count(*) FROM api.quota_usage WHERE account_id = ?1 AND month = ?2")
                .setParameter(1, accountId)
                .setParameter(2, month)
                .getSingleResult())
                .map(count -> ((Number) count).longValue());
    }

    /** Those of the ids already counted for the account in the month. */
    public Uni<List<Long>> alreadyCounted(UUID accountId, LocalDate month, List<Long> propertyIds) {
        return Panache.getSession().chain(session -> session.<Object>createNativeQuery("""
                        SELECT property_id FROM api.quota_usage
                         WHERE account_id = ?1 AND month = ?2 AND property_id = ANY (CAST(?3 AS bigint[]))""")
                .setParameter(1, accountId)
                .setParameter(2, month)
                .setParameter(3, PgArrays.bigintArray(propertyIds))
                .getResultList())
                .map(rows -> rows.stream().map(id -> ((Number) id).longValue()).toList());
    }

    /** Charges the ids not yet counted this month to the job. */
    public Uni<Integer> charge(UUID accountId, LocalDate month, List<Long> propertyIds, UUID jobId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO api.quota_usage (account_id, month, property_id, job_id)
                        SELECT ?1, ?2, p, ?4 FROM unnest(CAST(?3 AS bigint[])) AS p
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, accountId)
                .setParameter(2, month)
                .setParameter(3, PgArrays.bigintArray(propertyIds))
                .setParameter(4, jobId)
                .executeUpdate());
    }

    /**
     * Gives back what a failed or cancelled job was charged. A property that another live job of the same
     * month also exported stays counted, now charged to the earliest such job.
     */
    public Uni<Integer> giveBack(UUID jobId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        WITH released AS (
                            DELETE FROM api.quota_usage WHERE job_id = ?1
                            RETURNING account_id, month, property_id)
                        INSERT INTO api.quota_usage (account_id, month, property_id, job_id)
                        SELECT DISTINCT ON (r.property_id) r.account_id, r.month, r.property_id, j.id
                          FROM released r
                          JOIN api.jobs j ON j.account_id = r.account_id
                               AND j.id <> ?1
                               AND j.status IN ('SUBMITTED', 'SUCCEEDED')
                               AND j.created_at >= r.month AND j.created_at < r.month + INTERVAL '1 month'
                               AND r.property_id = ANY (j.property_ids)
                         ORDER BY r.property_id, j.created_at
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, jobId)
                .executeUpdate());
    }
}
