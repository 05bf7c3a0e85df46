package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's static files: served on the public port under a CSP that allows no inline script. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ConsoleTest {
    private static final List<String> FILES = List.of("index.html", "console.css", "console.js", "api.js", "jobs.js",
            "create.js", "schedules.js", "destinations.js", "chart.js", "format.js");

    @Test
    void the_console_and_its_files_are_served_with_a_policy_that_forbids_inline_scripts() {
        for (String file : FILES) {
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
    void the_page_has_no_inline_script_or_event_handler_attribute() throws IOException {
        String page = resource("index.html");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find()).isFalse();
        assertThat(page).doesNotContain("http://", "https://cdn", "//cdn");
    }

    @Test
    void the_key_is_sent_only_as_a_bearer_header_and_a_key_in_a_url_is_refused() throws Exception {
        for (String file : FILES) {
            String text = resource(file);
            if (!file.equals("api.js")) {
                assertThat(text).as(file).doesNotContain("sessionStorage");
            }
            assertThat(text).as(file).doesNotContainIgnoringCase("api_key=").doesNotContain("?key=");
        }
        assertThat(resource("api.js")).contains("Authorization: `Bearer ${key}`");
        String key = TestAccounts.create();
        given().queryParam("api_key", key).get("/api/v1/bulk_api/jobs").then().statusCode(401);
        given().queryParam("access_token", key).get("/api/v1/bulk_api/jobs").then().statusCode(401);
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = ConsoleTest.class.getResourceAsStream("/META-INF/resources/console/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
