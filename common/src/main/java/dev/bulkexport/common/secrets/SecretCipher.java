package dev.bulkexport.common.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest (a destination's secret access key, an account's webhook signing secret) with AES-GCM from
 * the JDK: a random 12-byte nonce per secret, a 128-bit tag, and as associated data the key id and a context the
 * caller names (for a destination: account, destination, bucket, endpoint and access key id, see
 * {@code ExportDestination#secretContext}), so a sealed value copied to another row, account or bucket does not
 * open. The sealed form names its key ({@code v2:{key id}:{base64(nonce || ciphertext)}}): secrets sealed with a
 * previous key still open while it is configured, and {@link #isCurrent} tells which ones to seal again.
 *
 * <p>The older form {@code v1:...} was bound to the row's id only. It opens only where the caller names that
 * legacy context ({@link #decrypt(String, String, String)}), and is never current, so the re-sealing pass that
 * follows a key rotation turns every v1 value into v2.
 *
 * <p>Keys are written {@code id:base64}, 16, 24 or 32 bytes (AES-128/192/256). Messages never hold key material
 * or plaintext.
 */
public final class SecretCipher {
    private static final String VERSION = "v2";
    private static final String LEGACY_VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private SecretCipher(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * @param current the key new secrets are sealed with, {@code id:base64}
     * @param previous keys that only open secrets sealed before a rotation (may be empty)
     * @throws IllegalArgumentException naming the key id (never its bytes) when a key is malformed
     */
    public static SecretCipher of(String current, Collection<String> previous) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String currentId = add(keys, current);
        for (String key : previous) {
            if (key != null && !key.isBlank()) {
                add(keys, key);
            }
        }
        return new SecretCipher(currentId, Map.copyOf(keys));
    }

    private static String add(Map<String, SecretKeySpec> keys, String written) {
        if (written == null) {
            throw new IllegalArgumentException("a destination key is missing; write it as id:base64");
        }
        String trimmed = written.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("a destination key must be written id:base64");
        }
        String id = trimmed.substring(0, colon);
        if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("destination key ids are 1 to 64 letters, digits, '_', '.' or '-'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("destination key " + id + " is not valid base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalArgumentException("destination key " + id + " must be 16, 24 or 32 bytes, not "
                    + bytes.length);
        }
        if (keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
            throw new IllegalArgumentException("destination key id " + id + " is configured twice");
        }
        return id;
    }

    /** Seals {@code plaintext} with the current key, bound to {@code context} (what the secret belongs to). */
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce,
                    associatedData(currentId, context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens a secret sealed for {@code context}.
     *
     * @throws UnreadableSecretException when its key is not configured or the value was altered or sealed for
     *         another context
     */
    public String decrypt(String sealed, String context) {
        return decrypt(sealed, context, null);
    }

    /**
     * Opens a secret sealed for {@code context}, or one in the older v1 form sealed for {@code legacyContext} (the
     * owning row's id; null: v1 is refused).
     *
     * @throws UnreadableSecretException when its key is not configured or the value was altered or sealed for
     *         another context
     */
    public String decrypt(String sealed, String context, String legacyContext) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        boolean legacy = parts.length == 3 && parts[0].equals(LEGACY_VERSION) && legacyContext != null;
        if (parts.length != 3 || !(parts[0].equals(VERSION) || legacy)) {
            throw new UnreadableSecretException("the secret is not in the sealed form " + VERSION + ":{key}:{data}");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new UnreadableSecretException("the secret was sealed with key " + parts[1]
                    + ", which is not configured (add it to the previous keys)");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            if (in.length <= NONCE_BYTES) {
                throw new UnreadableSecretException("the sealed secret is truncated");
            }
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce,
                    legacy ? legacyContext : associatedData(parts[1], context));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new UnreadableSecretException("the sealed secret does not open with key " + parts[1]
                    + " (altered, or sealed for another owner, bucket or endpoint)");
        }
    }

    /** Whether the secret is sealed with the current key in the current form (else: seal it again). */
    public boolean isCurrent(String sealed) {
        return sealed != null && sealed.startsWith(currentPrefix());
    }

    /** The start of every value sealed now ({@code v2:{current key id}:}), for SQL that finds the others. */
    public String currentPrefix() {
        return VERSION + ":" + currentId + ":";
    }

    private static String associatedData(String keyId, String context) {
        return VERSION + ":" + keyId + ":" + context;
    }

    public String currentKeyId() {
        return currentId;
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A sealed secret that cannot be opened with the configured keys. */
    public static final class UnreadableSecretException extends RuntimeException {
        public UnreadableSecretException(String message) {
            super(message);
        }
    }
}
