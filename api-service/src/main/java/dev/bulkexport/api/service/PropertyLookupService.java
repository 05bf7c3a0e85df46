package dev.bulkexport.api.service;

import dev.bulkexport.api.repository.PropertyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Finds properties an account may export, one page at a time. Read-only: no transaction of its own. */
@ApplicationScoped
public class PropertyLookupService {
    private final PropertyRepository properties;
    private final PropertyEntitlements entitlements;

    public PropertyLookupService(PropertyRepository properties, PropertyEntitlements entitlements) {
        this.properties = properties;
        this.entitlements = entitlements;
    }

    public Uni<PropertyPage> lookup(UUID accountId, PropertyQuery query) {
        return entitlements.scopeOf(accountId).chain(scope -> properties.find(query, scope));
    }
}
