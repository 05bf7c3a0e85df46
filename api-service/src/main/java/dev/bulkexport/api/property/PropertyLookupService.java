package dev.bulkexport.api.property;

import dev.bulkexport.api.account.EntitlementService;
import dev.bulkexport.api.account.PropertyScope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Finds properties an account may export, one page at a time. Read-only: no transaction of its own. */
@ApplicationScoped
public class PropertyLookupService {
    private final PropertyRows properties;
    private final EntitlementService entitlements;

    public PropertyLookupService(PropertyRows properties, EntitlementService entitlements) {
        this.properties = properties;
        this.entitlements = entitlements;
    }

    public Uni<PropertyPage> lookup(UUID accountId, PropertyQuery query) {
        return entitlements.scopeOf(accountId).chain(scope -> properties.find(query, scope));
    }
}
