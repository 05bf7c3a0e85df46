package dev.bulkexport.api.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Uni<ApiKey> findBySecret(String secret) {
        return findByHash(ApiKey.hash(secret));
    }

    public Uni<ApiKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    public Uni<Account> findAccountByName(String name) {
        return Account.find("name", name).firstResult();
    }
}
