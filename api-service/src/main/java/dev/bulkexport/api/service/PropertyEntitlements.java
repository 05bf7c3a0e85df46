package dev.bulkexport.api.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Decides which properties an account may see. Entitlements per account arrive with their own issue; until
 * then every account sees every property, and this is the one place that changes when they do.
 */
@ApplicationScoped
public class PropertyEntitlements {

    public Uni<PropertyScope> scopeOf(UUID accountId) {
        return Uni.createFrom().item(PropertyScope.ALL);
    }
}
