package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.Account;
import dev.bulkexport.api.repository.AccountRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Which properties an account may see and export: all of them, or those listed for it. */
@ApplicationScoped
public class PropertyEntitlements {
    private final AccountRepository accounts;

    public PropertyEntitlements(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @WithSession
    public Uni<PropertyScope> scopeOf(UUID accountId) {
        return accounts.findById(accountId).chain(account -> account.allProperties
                ? Uni.createFrom().item(PropertyScope.ALL)
                : accounts.entitledIds(accountId).map(PropertyScope::only));
    }

    /** Fails with the ids outside the account's entitlement, if any. */
    Uni<Void> check(Account account, List<Long> propertyIds) {
        if (account.allProperties) {
            return Uni.createFrom().voidItem();
        }
        return accounts.notEntitled(account.id, propertyIds).invoke(outside -> {
            if (!outside.isEmpty()) {
                throw new NotEntitledException(outside);
            }
        }).replaceWithVoid();
    }
}
