package dev.bulkexport.api;

import dev.bulkexport.api.account.ApiKey;
import dev.bulkexport.api.account.AccountConfig;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * An address that keeps failing authentication is answered 429 before its keys are looked up, while a good key
 * keeps working from it. Each test connects from a loopback address of its own (127.x.y.z), so it starts with
 * a full budget and spends none of the other tests'.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class UnauthenticatedRequestsTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final String KEY = "pbe_test_key_for_api_service_tests";

    @Inject
    AccountConfig config;

    @Test
    void an_address_over_its_budget_of_refused_requests_gets_429_with_retry_after() {
        String address = newAddress();
        int budget = config.auth().failuresPerMinutePerAddress();
        for (int i = 0; i < budget; i++) {
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
        for (int i = 0; i < config.auth().failuresPerMinutePerAddress(); i++) {
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
    void a_refused_key_is_not_looked_up_again_within_the_unknown_key_ttl() throws Exception {
        String key = "pbe_late_" + UUID.randomUUID().toString().replace("-", "");
        from(newAddress()).auth().oauth2(key).get(JOBS).then().statusCode(401);
        UUID account = UUID.randomUUID();
        try (var db = TestAccounts.connect()) {
            db.createStatement().execute("INSERT INTO api.accounts (id, name, created_at) VALUES ('" + account
                    + "', 'late-" + account + "', now())");
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

    /** A loopback address no other test uses. */
    private static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}
