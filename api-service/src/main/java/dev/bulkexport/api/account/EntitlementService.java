package dev.bulkexport.api.account;


import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Which properties an account may see and export: all of them, or those listed for it. */
@ApplicationScoped
public class EntitlementService {
    private final AccountRows accounts;
    private final Pool pool;

    EntitlementService(AccountRows accounts, Pool pool) {
        this.accounts = accounts;
        this.pool = pool;
    }

    public Uni<PropertyScope> scopeOf(UUID accountId) {
        return accounts.find(pool, accountId).map(account -> account.allProperties() ? PropertyScope.ALL
                : PropertyScope.only(account.propertyIds()));
    }

    /** Fails with the ids outside the account's entitlement, if any. */
    public Uni<Void> check(UUID accountId, List<Long> propertyIds) {
        return check(pool, accountId, propertyIds);
    }

    /** As {@link #check(UUID, List)}, on the given connection (inside its transaction). */
    public Uni<Void> check(SqlClient sql, UUID accountId, List<Long> propertyIds) {
        return accounts.notEntitled(sql, accountId, propertyIds).invoke(outside -> {
            if (!outside.isEmpty()) {
                throw new NotEntitledException(outside);
            }
        }).replaceWithVoid();
    }
}
