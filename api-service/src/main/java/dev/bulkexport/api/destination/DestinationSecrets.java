package dev.bulkexport.api.destination;

import dev.bulkexport.api.platform.SecretsConfig;

import dev.bulkexport.common.secrets.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** The cipher that seals destinations' secrets, from the configured keys; a malformed key stops the start. */
@ApplicationScoped
class DestinationSecrets {

    @Produces
    @ApplicationScoped
    SecretCipher cipher(SecretsConfig secrets) {
        return SecretCipher.of(secrets.destinationKey(),
                secrets.destinationPreviousKeys().orElse(List.of()));
    }
}
