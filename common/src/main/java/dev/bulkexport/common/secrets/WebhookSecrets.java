package dev.bulkexport.common.secrets;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * An account's Standard Webhooks signing secret ({@code whsec_} + base64 of 32 random bytes): made by the
 * api-service, stored in {@code api.accounts} only sealed ({@link SecretCipher}) for {@link #context} of its account,
 * and opened by the notifier-service with the same keys to sign deliveries.
 */
public final class WebhookSecrets {
    /** How a signing secret in plain text begins (values stored before secrets were sealed). */
    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    /** A new signing secret. */
    public static String generate() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getEncoder().encodeToString(random);
    }

    /** What a sealed signing secret is bound to: its account, so a value copied to another account does not open. */
    public static String context(UUID accountId) {
        return "webhook-secret:" + accountId;
    }
}
