package dev.bulkexport.api;

import dev.bulkexport.api.account.ApiKey;
import dev.bulkexport.api.account.AccountConfig;
import dev.bulkexport.api.account.FailedAuthentications;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An address that keeps failing authentication is answered 429 instead of 401, while good keys keep working from
 * it; behind the ingress (127.0.0.2, the test profile's trusted proxy) the address is the client's as the ingress
 * forwards it, and nobody else's X-Forwarded-For is believed. Each test connects from a loopback address of its
 * own (127.x.y.z), so it starts with a full budget and spends none of the other tests'. The budget is the
 * default's, set for these tests alone: the test profile's is out of reach, for the other test classes share
 * 127.0.0.1 and this application.
 */
@QuarkusTest
class UnauthenticatedRequestsTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String KEY = TestAccounts.BOOTSTRAP_KEY;
    private static final int BUDGET = 60;
    /** The test profile's only trusted proxy (quarkus.http.proxy.trusted-proxies). */
    private static final String INGRESS = "127.0.0.2";

    @Inject
    AccountConfig config;

    @BeforeEach
    void aBudgetOfTheDefaultsSize() {
        QuarkusMock.installMockForType(new FailedAuthentications(BUDGET), FailedAuthentications.class);
    }

    @Test
    void an_address_over_its_budget_of_refused_requests_gets_429_with_retry_after() {
        String address = newAddress();
        for (int i = 0; i < BUDGET; i++) {
            RequestSpecification request = from(address);
            if (i % 2 == 0) {
                request.auth().oauth2("pbe_guess_" + i);
            }
            request.get(JOBS).then().statusCode(401);
        }

        from(address).auth().oauth2("pbe_guess_next").get(JOBS).then().statusCode(429)
                .header("Retry-After", Integer::parseInt, org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("message", containsString("unauthenticated requests per minute from this address"));
        from(address).get(JOBS).then().statusCode(429);
        from(newAddress()).get(JOBS).then().statusCode(401);
    }

    @Test
    void a_good_key_this_replica_knows_still_works_from_an_address_over_its_budget() {
        String address = newAddress();
        for (int i = 0; i < BUDGET; i++) {
            if (i % 20 == 0) {
                // A client in use: its key is one the replica read within export.accounts.auth.key-cache-ttl.
                from(address).auth().oauth2(KEY).get(JOBS).then().statusCode(200);
            }
            from(address).get(JOBS).then().statusCode(401);
        }

        from(address).auth().oauth2(KEY).get(JOBS).then().statusCode(200);
        from(address).get(JOBS).then().statusCode(429);
    }

    @Test
    void a_flood_of_bad_keys_from_its_address_never_refuses_a_good_key() throws Exception {
        String address = newAddress();
        for (int i = 0; i < 2 * BUDGET; i++) {
            from(address).auth().oauth2("pbe_flood_" + i).get(JOBS).then().statusCode(i < BUDGET ? 401 : 429);
        }

        // Keys this replica has not read yet, so each is looked up while the address is over its budget.
        for (int i = 0; i < 3; i++) {
            from(address).auth().oauth2(TestAccounts.create()).get(JOBS).then().statusCode(200);
        }
        from(address).auth().oauth2("pbe_flood_more").get(JOBS).then().statusCode(429);
    }

    @Test
    void behind_the_ingress_each_client_spends_its_own_budget_and_good_keys_always_pass() throws Exception {
        String flooder = newAddress();
        String client = newAddress();
        for (int i = 0; i < BUDGET; i++) {
            throughIngress(flooder).auth().oauth2("pbe_guess_" + i).get(JOBS).then().statusCode(401);
        }
        throughIngress(flooder).auth().oauth2("pbe_guess_next").get(JOBS).then().statusCode(429);

        // Another client behind the same ingress: its own budget, and its keys pass.
        throughIngress(client).auth().oauth2("pbe_typo").get(JOBS).then().statusCode(401);
        throughIngress(client).auth().oauth2(TestAccounts.create()).get(JOBS).then().statusCode(200);
        // A good client behind the flooder's own address (one NAT): never refused.
        throughIngress(flooder).auth().oauth2(TestAccounts.create()).get(JOBS).then().statusCode(200);
    }

    @Test
    void an_x_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_changes_nothing() {
        String peer = newAddress();
        for (int i = 0; i < BUDGET; i++) {
            from(peer).header("X-Forwarded-For", newAddress()).get(JOBS).then().statusCode(401);
        }
        from(peer).header("X-Forwarded-For", newAddress()).get(JOBS).then().statusCode(429);
        from(peer).header("Forwarded", "for=" + newAddress()).get(JOBS).then().statusCode(429);
    }

    @Test
    void a_refused_key_is_not_looked_up_again_within_the_unknown_key_ttl() throws Exception {
        String key = "pbe_late_" + UUID.randomUUID().toString().replace("-", "");
        from(newAddress()).auth().oauth2(key).get(JOBS).then().statusCode(401);
        UUID account = UUID.randomUUID();
        try (var db = TestAccounts.connect()) {
            db.createStatement().execute("INSERT INTO api.accounts (id, name, created_at, webhook_secret) VALUES ('"
                    + account + "', 'late-" + account + "', now(), '" + TestAccounts.sealedWebhookSecret(account) + "')");
            db.createStatement().execute("INSERT INTO api.api_keys (id, account_id, prefix, key_hash, created_at)"
                    + " VALUES ('" + UUID.randomUUID() + "', '" + account + "', 'pbe_late_', '" + ApiKey.hash(key)
                    + "', now())");
        }

        // Written behind the service's back (issued keys are random, so this never happens otherwise): the
        // replica remembers the key as unknown and answers without reading it.
        from(newAddress()).auth().oauth2(key).get(JOBS).then().statusCode(401);
        assertThat(config.auth().unknownKeyCacheTtl()).isGreaterThan(java.time.Duration.ofSeconds(10));
    }

    private static RequestSpecification from(String address) {
        try {
            return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(address))));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request the ingress forwards for a client at {@code client}: from its address, with the client's. */
    private static RequestSpecification throughIngress(String client) {
        return from(INGRESS).header("X-Forwarded-For", client);
    }

    /** A loopback address no other test uses (never 127.0.0.x, so neither 127.0.0.1 nor the ingress). */
    private static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}
