package dev.bulkexport.api.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /** The properties listed for an account that may not export all of them. */
    public Uni<List<Long>> entitledIds(UUID accountId) {
        return Panache.getSession().chain(session -> session.<Object>createNativeQuery(
                        "SELECT property_id FROM api.account_properties WHERE account_id = ?1 ORDER BY property_id")
                .setParameter(1, accountId)
                .getResultList())
                .map(rows -> rows.stream().map(id -> ((Number) id).longValue()).toList());
    }

    /**
     * Those of the ids that the account is not entitled to, in the order given: none for an account that may
     * export every property.
     */
    public Uni<List<Long>> notEntitled(SqlClient sql, UUID accountId, List<Long> propertyIds) {
        return sql.preparedQuery("""
                        SELECT p.id FROM unnest($2::bigint[]) WITH ORDINALITY AS p (id, n)
                         WHERE NOT (SELECT all_properties FROM api.accounts WHERE id = $1)
                           AND NOT EXISTS (SELECT 1 FROM api.account_properties e
                                            WHERE e.account_id = $1 AND e.property_id = p.id)
                         ORDER BY p.n""")
                .execute(Tuple.of(accountId, propertyIds.toArray(Long[]::new)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong(0)));
                    return ids;
                });
    }
}
