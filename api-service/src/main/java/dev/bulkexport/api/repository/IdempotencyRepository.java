package dev.bulkexport.api.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Idempotency-Key records of job creation, valid for 24 hours. */
@ApplicationScoped
public class IdempotencyRepository {

    /** A live record of the key: the request's hash and the job it created; null when none. */
    public record Entry(String requestHash, UUID jobId) {
    }

    public Uni<Entry> find(UUID accountId, String key) {
        return Panache.getSession().chain(session -> session.<Object[]>createNativeQuery("""
                        SELECT request_hash, job_id FROM api.idempotency_keys
                         WHERE account_id = ?1 AND key = ?2 AND created_at > now() - INTERVAL '24 hours'""")
                .setParameter(1, accountId)
                .setParameter(2, key)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Entry((String) rows.get(0)[0], (UUID) rows.get(0)[1]));
    }

    /** Records the key for a new job, taking over an expired record; false when a live one exists. */
    public Uni<Boolean> remember(UUID accountId, String key, String requestHash, UUID jobId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO api.idempotency_keys (account_id, key, request_hash, job_id, created_at)
                        VALUES (?1, ?2, ?3, ?4, now())
                        ON CONFLICT (account_id, key) DO UPDATE
                           SET request_hash = excluded.request_hash, job_id = excluded.job_id, created_at = now()
                         WHERE api.idempotency_keys.created_at <= now() - INTERVAL '24 hours'""")
                .setParameter(1, accountId)
                .setParameter(2, key)
                .setParameter(3, requestHash)
                .setParameter(4, jobId)
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
