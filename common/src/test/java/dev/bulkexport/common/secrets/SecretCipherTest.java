package dev.bulkexport.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String OLD = "2025:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW = "2026:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void a_sealed_secret_opens_again_and_holds_no_plaintext() {
        SecretCipher cipher = SecretCipher.of(NEW, List.of());
        String sealed = cipher.encrypt("wJalrXUtnFEMI/K7MDENG", "row-1");
        assertThat(sealed).startsWith("v2:2026:").doesNotContain("wJalrXUtnFEMI");
        assertThat(cipher.decrypt(sealed, "row-1")).isEqualTo("wJalrXUtnFEMI/K7MDENG");
        assertThat(cipher.isCurrent(sealed)).isTrue();
    }

    @Test
    void every_seal_has_its_own_nonce() {
        SecretCipher cipher = SecretCipher.of(NEW, List.of());
        assertThat(cipher.encrypt("same", "row-1")).isNotEqualTo(cipher.encrypt("same", "row-1"));
    }

    @Test
    void after_a_rotation_secrets_of_the_previous_key_still_open_and_new_ones_use_the_current_key() {
        String sealedBefore = SecretCipher.of(OLD, List.of()).encrypt("old secret", "row-1");
        SecretCipher rotated = SecretCipher.of(NEW, List.of(OLD));
        assertThat(rotated.decrypt(sealedBefore, "row-1")).isEqualTo("old secret");
        assertThat(rotated.isCurrent(sealedBefore)).isFalse();
        assertThat(rotated.encrypt("new secret", "row-1")).startsWith("v2:2026:");
    }

    @Test
    void a_secret_of_a_key_no_longer_configured_does_not_open_and_says_which_key() {
        String sealedBefore = SecretCipher.of(OLD, List.of()).encrypt("old secret", "row-1");
        assertThatThrownBy(() -> SecretCipher.of(NEW, List.of()).decrypt(sealedBefore, "row-1"))
                .isInstanceOf(SecretCipher.UnreadableSecretException.class).hasMessageContaining("key 2025");
    }

    @Test
    void a_secret_moved_to_another_row_or_altered_does_not_open() {
        SecretCipher cipher = SecretCipher.of(NEW, List.of());
        String sealed = cipher.encrypt("secret", "row-1");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "row-2")).isInstanceOf(SecretCipher.UnreadableSecretException.class);
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] data = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        data[data.length - 1] ^= 1;
        String altered = prefix + Base64.getEncoder().encodeToString(data);
        assertThatThrownBy(() -> cipher.decrypt(altered, "row-1")).isInstanceOf(SecretCipher.UnreadableSecretException.class);
    }

    @Test
    void a_destination_secret_sealed_for_one_account_and_bucket_opens_for_no_other() {
        SecretCipher cipher = SecretCipher.of(NEW, List.of());
        java.util.UUID accountA = java.util.UUID.randomUUID();
        java.util.UUID accountB = java.util.UUID.randomUUID();
        java.util.UUID destination = java.util.UUID.randomUUID();
        String sealed = cipher.encrypt("secret", dev.bulkexport.common.events.ExportDestination.secretContext(
                accountA, destination, "bucket-a", null, "AKID"));
        assertThat(cipher.decrypt(sealed, dev.bulkexport.common.events.ExportDestination.secretContext(accountA,
                destination, "bucket-a", null, "AKID"))).isEqualTo("secret");
        for (String other : List.of(
                dev.bulkexport.common.events.ExportDestination.secretContext(accountB, destination, "bucket-a", null,
                        "AKID"),
                dev.bulkexport.common.events.ExportDestination.secretContext(accountA, destination, "bucket-b", null,
                        "AKID"),
                dev.bulkexport.common.events.ExportDestination.secretContext(accountA, destination, "bucket-a",
                        "https://elsewhere.example", "AKID"),
                dev.bulkexport.common.events.ExportDestination.secretContext(accountA, destination, "bucket-a", null,
                        "OTHERKEY"))) {
            assertThatThrownBy(() -> cipher.decrypt(sealed, other))
                    .isInstanceOf(SecretCipher.UnreadableSecretException.class);
        }
    }

    @Test
    void a_secret_in_the_v1_form_opens_only_with_its_legacy_context_and_is_never_current() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        byte[] nonce = new byte[12];
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        aes.updateAAD("row-1".getBytes());
        byte[] sealed = aes.doFinal("old form".getBytes());
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        String v1 = "v1:2026:" + Base64.getEncoder().encodeToString(out);
        SecretCipher cipher = SecretCipher.of(NEW, List.of());
        assertThat(cipher.decrypt(v1, "bound context", "row-1")).isEqualTo("old form");
        assertThat(cipher.isCurrent(v1)).isFalse();
        assertThatThrownBy(() -> cipher.decrypt(v1, "bound context"))
                .isInstanceOf(SecretCipher.UnreadableSecretException.class);
        assertThatThrownBy(() -> cipher.decrypt(v1, "bound context", "row-2"))
                .isInstanceOf(SecretCipher.UnreadableSecretException.class);
    }

    @Test
    void malformed_keys_are_refused_without_showing_them() {
        assertThatThrownBy(() -> SecretCipher.of("k1:" + Base64.getEncoder().encodeToString(new byte[7]), List.of()))
                .hasMessageContaining("16, 24 or 32 bytes").hasMessageNotContaining("AAAA");
        assertThatThrownBy(() -> SecretCipher.of("no-colon", List.of())).hasMessageContaining("id:base64");
        assertThatThrownBy(() -> SecretCipher.of(NEW, List.of(NEW))).hasMessageContaining("twice");
    }
}
