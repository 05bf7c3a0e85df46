package dev.bulkexport.notifier.service;

import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;
import dev.bulkexport.notifier.config.NotifierConfig;
import dev.bulkexport.notifier.repository.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * An account's webhook signing secrets in plain text, for signing one attempt: read from the api's view, where the
 * api-service stores them sealed for their account ({@link WebhookSecrets#context}), and opened with the same keys
 * it seals with. A malformed key stops the start.
 */
@ApplicationScoped
public class SigningSecrets {
    private static final Logger LOG = Logger.getLogger(SigningSecrets.class);

    private final DeliveryRepository deliveries;
    private final SecretCipher cipher;

    public SigningSecrets(DeliveryRepository deliveries, NotifierConfig config) {
        this.deliveries = deliveries;
        this.cipher = SecretCipher.of(config.secrets().destinationKey(),
                config.secrets().destinationPreviousKeys().orElse(List.of()));
    }

    /**
     * The current secret, then the previous one during a rotation's overlap; empty when the account has none.
     *
     * @throws SecretCipher.UnreadableSecretException (as the failure) when one of them does not open: sealed with a
     *         key not configured here, altered, or sealed for another account
     */
    public Uni<List<String>> of(UUID accountId) {
        return deliveries.signingSecrets(accountId).map(stored -> {
            List<String> opened = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                try {
                    opened.add(cipher.decrypt(stored.get(i), WebhookSecrets.context(accountId)));
                } catch (SecretCipher.UnreadableSecretException e) {
                    LOG.warnf("the %s webhook signing secret of account %s does not open: %s", i == 0 ? "current"
                            : "previous", accountId, e.getMessage());
                    throw e;
                }
            }
            return opened;
        });
    }
}
