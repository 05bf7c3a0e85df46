package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.api.account.WebhookSecretSealing;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Webhook signing secrets in {@code api.accounts}, read back with JDBC: never in plain text, each bound to its account. */
@QuarkusTest
class WebhookSecretsAtRestTest {
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    SecretCipher cipher;
    @Inject
    WebhookSecretSealing sealing;

    @Test
    void an_account_holds_its_webhook_secrets_only_sealed_and_bound_to_it_after_creation_and_rotation()
            throws Exception {
        UUID account = UUID.fromString(admin().contentType(ContentType.JSON)
                .body("{\"name\":\"sealed-" + UUID.randomUUID() + "\"}").post("/accounts")
                .then().statusCode(201).extract().path("account_id"));
        String[] created = stored(account);
        assertThat(created[0]).startsWith(cipher.currentPrefix()).doesNotContain(WebhookSecrets.PREFIX);
        String first = cipher.decrypt(created[0], WebhookSecrets.context(account));
        assertThat(first).startsWith(WebhookSecrets.PREFIX);

        String second = admin().contentType(ContentType.JSON).body("{\"overlap_hours\":2}")
                .post("/accounts/" + account + "/webhook-secret").then().statusCode(200)
                .extract().path("webhook_secret");
        String[] rotated = stored(account);
        for (String value : rotated) {
            assertThat(value).startsWith(cipher.currentPrefix()).doesNotContain(WebhookSecrets.PREFIX)
                    .doesNotContain(second.substring(WebhookSecrets.PREFIX.length()));
        }
        assertThat(cipher.decrypt(rotated[0], WebhookSecrets.context(account))).isEqualTo(second);
        assertThat(cipher.decrypt(rotated[1], WebhookSecrets.context(account))).isEqualTo(first);
        assertThatThrownBy(() -> cipher.decrypt(rotated[0], WebhookSecrets.context(UUID.randomUUID())))
                .as("bound to its account").isInstanceOf(SecretCipher.UnreadableSecretException.class);
    }

    @Test
    void the_start_pass_seals_plaintext_secrets_and_seals_again_those_of_a_previous_key_once_with_two_replicas()
            throws Exception {
        UUID plain = UUID.randomUUID();
        String plainCurrent = WebhookSecrets.generate();
        String plainPrevious = WebhookSecrets.generate();
        insert(plain, plainCurrent, plainPrevious);
        UUID old = UUID.randomUUID();
        SecretCipher before = SecretCipher.of(ConfigProvider.getConfig()
                .getValue("export.secrets.destination-previous-keys", String.class), List.of());
        String oldCurrent = WebhookSecrets.generate();
        insert(old, before.encrypt(oldCurrent, WebhookSecrets.context(old)), null);

        // Two replicas starting at once: each column changes once, from the value read, and both end the same.
        Uni.join().all(sealing.sealAll(), sealing.sealAll()).andFailFast().await().atMost(Duration.ofSeconds(30));

        String[] sealedPlain = stored(plain);
        assertThat(sealedPlain).allSatisfy(value -> assertThat(value).startsWith(cipher.currentPrefix())
                .doesNotContain(WebhookSecrets.PREFIX));
        assertThat(cipher.decrypt(sealedPlain[0], WebhookSecrets.context(plain))).isEqualTo(plainCurrent);
        assertThat(cipher.decrypt(sealedPlain[1], WebhookSecrets.context(plain))).isEqualTo(plainPrevious);
        String[] resealed = stored(old);
        assertThat(resealed[0]).startsWith(cipher.currentPrefix());
        assertThat(cipher.decrypt(resealed[0], WebhookSecrets.context(old))).isEqualTo(oldCurrent);
        assertThat(resealed[1]).isNull();

        assertThat(sealing.sealAll().await().atMost(Duration.ofSeconds(30))).as("nothing left").isZero();
        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery("SELECT count(*)"
                + " FROM api.accounts WHERE webhook_secret LIKE 'whsec\\_%' OR previous_webhook_secret LIKE 'whsec\\_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no plaintext left in the table").isZero();
        }
    }

    private static void insert(UUID account, String current, String previous) throws Exception {
        try (var db = TestAccounts.connect(); var insert = db.prepareStatement("INSERT INTO api.accounts (id, name,"
                + " created_at, webhook_secret, previous_webhook_secret, previous_webhook_secret_until)"
                + " VALUES (?, ?, now(), ?, ?, now() + interval '1 hour')")) {
            insert.setObject(1, account);
            insert.setString(2, "at-rest-" + account);
            insert.setString(3, current);
            insert.setString(4, previous);
            insert.executeUpdate();
        }
    }

    /** The account's current and previous webhook secret as stored. */
    private static String[] stored(UUID account) throws Exception {
        try (var db = TestAccounts.connect(); var rs = db.createStatement().executeQuery("SELECT webhook_secret,"
                + " previous_webhook_secret FROM api.accounts WHERE id = '" + account + "'")) {
            assertThat(rs.next()).isTrue();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private RequestSpecification admin() {
        return given().baseUri("http://" + management.getHost() + ":" + management.getPort() + "/admin/v1")
                .auth().oauth2("test-admin-token-for-the-api-service-tests");
    }
}
