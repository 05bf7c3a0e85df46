package dev.bulkexport.worker.messaging;

import dev.bulkexport.common.secrets.WorkSignature;
import dev.bulkexport.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Checks work records with the api-service's signing key(s); a malformed key stops the start. */
@ApplicationScoped
class WorkSigning {

    @Produces
    @ApplicationScoped
    WorkSignature signature(WorkerConfig config) {
        return WorkSignature.of(config.secrets().workSigningKey(),
                config.secrets().workSigningPreviousKeys().orElse(List.of()));
    }
}
