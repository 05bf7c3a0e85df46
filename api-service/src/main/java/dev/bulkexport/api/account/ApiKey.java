package dev.bulkexport.api.account;

import dev.bulkexport.api.platform.Permission;
import dev.bulkexport.api.platform.Sha256;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key of an account, stored as the SHA-256 of the secret (keys are long random strings, so a fast
 * hash is enough) and a short prefix that identifies it.
 */
@Entity
@Table(name = "api_keys", schema = "api")
public class ApiKey extends PanacheEntityBase {
    private static final int PREFIX_LENGTH = 16;

    @Id
    public UUID id;
    public UUID accountId;
    public String prefix;
    public String keyHash;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    /** Wire names of the key's {@link Permission}s. */
    public String[] permissions = {Permission.EXPORTS_WRITE.wireName(), Permission.EXPORTS_READ.wireName(),
        Permission.PROPERTIES_READ.wireName()};

    public static ApiKey forSecret(UUID accountId, String secret) {
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.accountId = accountId;
        key.prefix = secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
        key.keyHash = hash(secret);
        key.createdAt = Instant.now();
        return key;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A new secret: a recognisable prefix and 256 random bits, shown once to its owner. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "pbe_live_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    public boolean has(Permission permission) {
        return java.util.Arrays.asList(permissions).contains(permission.wireName());
    }

    public static String hash(String secret) {
        return Sha256.hex(secret);
    }
}
