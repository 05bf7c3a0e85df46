package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public path: OPTIONS lists exactly the methods it answers, and every other method is a 405 saying so. */
@QuarkusTest
class HttpMethodsTest {
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final String ID = UUID.randomUUID().toString();
    private static String key;

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/api/v1/bulk_api/jobs", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("/api/v1/bulk_api/jobs/quota_impact", "OPTIONS, POST"),
                Arguments.of("/api/v1/bulk_api/jobs/" + ID, "DELETE, GET, HEAD, OPTIONS"),
                Arguments.of("/api/v1/bulk_api/jobs/" + ID + "/results", "GET, HEAD, OPTIONS"),
                Arguments.of("/api/v1/bulk_api/jobs/" + ID + "/results/link", "GET, HEAD, OPTIONS"),
                Arguments.of("/api/v1/bulk_api/jobs/" + ID + "/results/manifest", "GET, HEAD, OPTIONS"),
                Arguments.of("/api/v1/bulk_api/jobs/" + ID + "/webhook/redeliver", "OPTIONS, POST"),
                Arguments.of("/api/v1/bulk_api/schedules", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("/api/v1/bulk_api/schedules/" + ID, "DELETE, GET, HEAD, OPTIONS, PATCH"),
                Arguments.of("/api/v1/bulk_api/schedules/" + ID + "/runs", "GET, HEAD, OPTIONS"),
                Arguments.of("/api/v1/bulk_api/schedules/" + ID + "/backfill", "OPTIONS, POST"),
                Arguments.of("/api/v1/bulk_api/destinations", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("/api/v1/bulk_api/destinations/" + ID, "DELETE, GET, HEAD, OPTIONS"),
                Arguments.of("/api/v1/properties/lookup", "GET, HEAD, OPTIONS"));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void options_lists_the_methods_of_the_path_and_every_other_method_is_a_405_with_allow(String path, String allow) {
        given().auth().oauth2(key()).options(path).then().statusCode(204).header("Allow", equalTo(allow));
        for (String method : METHODS) {
            if (!allow.contains(method)) {
                var answer = given().auth().oauth2(key()).request(method, path).then().statusCode(405)
                        .header("Allow", equalTo(allow));
                if (!method.equals("HEAD")) {
                    answer.body("status", equalTo(405)).body("message", containsString("allowed: " + allow));
                }
            }
        }
    }

    @Test
    void get_on_quota_impact_is_a_405_not_a_lookup_of_a_job_of_that_id() {
        given().auth().oauth2(key()).get("/api/v1/bulk_api/jobs/quota_impact").then().statusCode(405)
                .header("Allow", equalTo("OPTIONS, POST"))
                .body("message", equalTo("GET is not allowed on /api/v1/bulk_api/jobs/quota_impact; allowed: OPTIONS, POST"));
    }

    @Test
    void the_methods_a_path_answers_are_not_refused() {
        given().auth().oauth2(key()).get("/api/v1/bulk_api/jobs").then().statusCode(200);
        given().auth().oauth2(key()).head("/api/v1/bulk_api/jobs").then().statusCode(200);
        given().auth().oauth2(key()).get("/api/v1/bulk_api/jobs/" + ID).then().statusCode(404);
    }

    private static synchronized String key() {
        if (key == null) {
            try {
                key = TestAccounts.create(10_000, null, TestAccounts.ALL_PERMISSIONS, 100_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return key;
    }
}
