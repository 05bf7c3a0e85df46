package dev.bulkexport.api.service;

import dev.bulkexport.api.config.ApiConfig;
import dev.bulkexport.common.secrets.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** The cipher that seals destinations' secrets, from the configured keys; a malformed key stops the start. */
@ApplicationScoped
class DestinationSecrets {

    @Produces
    @ApplicationScoped
    SecretCipher cipher(ApiConfig config) {
        return SecretCipher.of(config.secrets().destinationKey(),
                config.secrets().destinationPreviousKeys().orElse(List.of()));
    }
}
