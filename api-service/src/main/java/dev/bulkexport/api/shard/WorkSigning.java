package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.SecretsConfig;
import dev.bulkexport.common.secrets.WorkSignature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Signs every work record this service hands to the workers; a malformed key stops the start. */
@ApplicationScoped
class WorkSigning {

    @Produces
    @ApplicationScoped
    WorkSignature signature(SecretsConfig secrets) {
        return WorkSignature.of(secrets.workSigningKey(), secrets.workSigningPreviousKeys().orElse(List.of()));
    }
}
