package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every numeric query parameter has a bound: beyond it a 400 names the parameter, never an overflow's 500. */
@QuarkusTest
class ParameterBoundsTest {
    private static final String KEY = TestAccounts.BOOTSTRAP_KEY;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/bulk_api/jobs", "/api/v1/properties/lookup"})
    void a_page_whose_offset_would_overflow_is_a_400_naming_page(String path) {
        given().auth().oauth2(KEY).queryParam("page", 21474838).queryParam("per_page", 100)
                .when().get(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("message", equalTo("page must be an integer from 1 to 1000000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/bulk_api/jobs", "/api/v1/properties/lookup"})
    void the_deepest_page_is_an_empty_page(String path) {
        given().auth().oauth2(KEY).queryParam("page", 1_000_000).queryParam("per_page", 100)
                .when().get(path)
                .then().statusCode(200)
                .body("pagination.current_page", equalTo(1_000_000))
                .body(path.endsWith("jobs") ? "jobs" : "properties", empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/bulk_api/jobs", "/api/v1/properties/lookup", "/api/v1/bulk_api/jobs/nope"})
    void api_answers_carry_nosniff_and_are_never_cached(String path) {
        given().auth().oauth2(KEY).when().get(path)
                .then().header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
        given().when().get(path)
                .then().statusCode(401).header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"query", "city", "state", "zip_code"})
    void a_lookup_filter_with_a_nul_byte_is_a_400_naming_it(String filter) {
        given().auth().oauth2(KEY).urlEncodingEnabled(false)
                .when().get("/api/v1/properties/lookup?" + filter + "=a%00b")
                .then().statusCode(400)
                .body("message", equalTo(filter + " must not contain control characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "99999999999999999999", "-2147483649"})
    void a_page_beyond_int_is_a_400_naming_page(String page) {
        given().auth().oauth2(KEY).queryParam("page", page)
                .when().get("/api/v1/bulk_api/jobs")
                .then().statusCode(400)
                .body("message", containsString("page must be an integer from 1 to"));
    }
}
