package dev.bulkexport.api.repository;

import dev.bulkexport.api.domain.Account;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /** The account, locked until the transaction ends: quota checks of one account run one at a time. */
    public Uni<Account> lock(UUID accountId) {
        return findById(accountId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The properties listed for an account that may not export all of them. */
    public Uni<List<Long>> entitledIds(UUID accountId) {
        return Panache.getSession().chain(session -> session.<Object>createNativeQuery(
                        "SELECT property_id FROM api.account_properties WHERE account_id = ?1 ORDER BY property_id")
                .setParameter(1, accountId)
                .getResultList())
                .map(rows -> rows.stream().map(id -> ((Number) id).longValue()).toList());
    }

    /** Those of the ids that the account is not entitled to, in the order given. */
    public Uni<List<Long>> notEntitled(UUID accountId, List<Long> propertyIds) {
        return Panache.getSession().chain(session -> session.<Object>createNativeQuery("""
                        SELECT p.id FROM unnest(CAST(?1 AS bigint[])) WITH ORDINALITY AS p (id, n)
                         WHERE NOT EXISTS (SELECT 1 FROM api.account_properties e
                                            WHERE e.account_id = ?2 AND e.property_id = p.id)
                         ORDER BY p.n""")
                .setParameter(1, PgArrays.bigintArray(propertyIds))
                .setParameter(2, accountId)
                .getResultList())
                .map(rows -> rows.stream().map(id -> ((Number) id).longValue()).toList());
    }
}
