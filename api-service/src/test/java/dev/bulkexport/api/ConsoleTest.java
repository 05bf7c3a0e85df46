package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The console's static files: served on the public port under a CSP that allows no inline script. What the files
 * themselves hold is {@link ConsoleFilesTest}'s.
 */
@QuarkusTest
class ConsoleTest {
    @Test
    void the_console_and_its_files_are_served_with_a_policy_that_forbids_inline_scripts() {
        for (String file : ConsoleFilesTest.FILES) {
            given().get("/console/" + file).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .header("X-Content-Type-Options", "nosniff");
        }
        given().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("<script type=\"module\" src=\"console.js\"></script>"));
        given().get("/console/console.js").then().contentType(containsString("javascript"));
    }

    @Test
    void swagger_ui_keeps_working_without_the_consoles_policy() {
        given().get("/q/swagger-ui/").then().statusCode(200).header("Content-Security-Policy", nullValue());
        given().get("/q/openapi").then().statusCode(200).header("Content-Security-Policy", nullValue());
        given().get("/api/v1/bulk_api/jobs").then().statusCode(401).header("Content-Security-Policy", nullValue());
    }

    @Test
    void a_key_in_a_url_is_refused() throws Exception {
        String key = TestAccounts.create();
        given().queryParam("api_key", key).get("/api/v1/bulk_api/jobs").then().statusCode(401);
        given().queryParam("access_token", key).get("/api/v1/bulk_api/jobs").then().statusCode(401);
    }
}
