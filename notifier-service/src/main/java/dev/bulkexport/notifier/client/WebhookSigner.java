package dev.bulkexport.notifier.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 of HMAC-SHA256 over {@code "{id}.{timestamp}.{body}"},
 * keyed with the base64 part of the account's {@code whsec_} secret. A few lines of JDK crypto, so no library.
 */
public final class WebhookSigner {
    private static final String PREFIX = "whsec_";

    private WebhookSigner() {
    }

    /**
     * The {@code webhook-signature} header value under every secret given, space-separated as Standard Webhooks
     * allows: during a rotation's overlap a receiver holding either secret verifies the delivery.
     */
    public static String sign(java.util.List<String> secrets, String webhookId, long timestamp, String body) {
        return String.join(" ", secrets.stream().map(secret -> sign(secret, webhookId, timestamp, body)).toList());
    }

    /** The signature under one secret. */
    public static String sign(String secret, String webhookId, long timestamp, String body) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("signing secret must start with " + PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
