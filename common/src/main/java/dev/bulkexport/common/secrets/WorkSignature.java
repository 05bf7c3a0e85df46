package dev.bulkexport.common.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.ShardSubmitted;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks work records ({@link ShardSubmitted}) with a key the api-service and the export workers share
 * ({@code WORK_SIGNING_KEY}): HMAC-SHA256 over the record's canonical JSON (every member but {@code signature},
 * object members sorted by name, no whitespace), written {@code v1,{base64}}. The worker checks the record as it
 * arrived, so members it does not know (a newer api's) are covered too. Keys of before a rotation still verify.
 */
public final class WorkSignature {
    private static final String MEMBER = "signature";
    private static final String VERSION = "v1,";
    private static final int MIN_KEY_LENGTH = 32;
    private static final ObjectMapper MAPPER = EventCodec.configure(new ObjectMapper())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final byte[] current;
    private final List<byte[]> all;

    private WorkSignature(byte[] current, List<byte[]> all) {
        this.current = current;
        this.all = all;
    }

    /**
     * @param current the key records are signed with (at least 32 characters)
     * @param previous keys of before a rotation that still verify (may be empty)
     * @throws IllegalArgumentException when a key is shorter than 32 characters (without showing it)
     */
    public static WorkSignature of(String current, Collection<String> previous) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(key(current));
        for (String key : previous) {
            if (key != null && !key.isBlank()) {
                keys.add(key(key));
            }
        }
        return new WorkSignature(keys.get(0), List.copyOf(keys));
    }

    private static byte[] key(String written) {
        if (written == null || written.strip().length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("a work signing key must be at least " + MIN_KEY_LENGTH
                    + " characters");
        }
        return written.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The record, signed with the current key. */
    public ShardSubmitted sign(ShardSubmitted work) {
        ObjectNode record = tree(EventCodec.encode(work));
        record.remove(MEMBER);
        return work.withSignature(VERSION + base64(hmac(current, canonical(record))));
    }

    /**
     * Checks a work record as it arrived (its JSON).
     *
     * @throws ForgedWorkException when it has no signature or one that no configured key made for its content
     */
    public void verify(String payload) {
        ObjectNode record = tree(payload);
        JsonNode signature = record.remove(MEMBER);
        if (signature == null || !signature.isTextual() || !signature.asText().startsWith(VERSION)) {
            throw new ForgedWorkException("it carries no signature");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(signature.asText().substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new ForgedWorkException("its signature is not base64");
        }
        byte[] content = canonical(record);
        for (byte[] key : all) {
            if (MessageDigest.isEqual(hmac(key, content), claimed)) {
                return;
            }
        }
        throw new ForgedWorkException("its signature does not match its content (altered, or not signed by the"
                + " api-service's work signing key)");
    }

    private static ObjectNode tree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new ForgedWorkException("it is not JSON");
        }
        throw new ForgedWorkException("it is not a JSON object");
    }

    /** Objects as sorted maps (the mapper orders map entries), so member order never changes the bytes. */
    private static byte[] canonical(ObjectNode record) {
        try {
            return MAPPER.writeValueAsBytes(MAPPER.treeToValue(record, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the canonical form of a work record", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A work record that the api-service did not sign as it is: never run, dead-lettered. */
    public static final class ForgedWorkException extends RuntimeException {
        public ForgedWorkException(String reason) {
            super("the work record is refused: " + reason);
        }
    }
}
