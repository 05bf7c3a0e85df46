package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The public port reads no body longer than {@code quarkus.http.limits.max-body-size} (512 KiB), which still holds
 * the largest valid create body with room to spare.
 */
@QuarkusTest
class RequestBodyLimitTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static final int LIMIT = 512 * 1024;

    @Test
    void the_largest_valid_create_body_pretty_printed_fits_under_the_limit() throws Exception {
        // 5000 property ids of 19 digits, one per indented line, a 2048-character callback and a list of fields.
        String ids = LongStream.range(0, 5000).mapToObj(i -> "        " + (1_000_000_000_000_000_000L + i))
                .collect(Collectors.joining(",\n"));
        String callback = "https://93.184.216.34/" + "h".repeat(2048 - "https://93.184.216.34/".length());
        String body = """
                {
                    "report_type": "property",
                    "output_format": "csv",
                    "start_date": "2024-01-01",
                    "end_date": "2024-01-01",
                    "fields": ["property_id", "date"],
                    "callback_url": "%s",
                    "property_ids": [
                %s
                    ]
                }
                """.formatted(callback, ids);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(140_000, LIMIT / 2);

        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON).body(body).post(JOBS)
                .then().log().ifValidationFails().statusCode(201);
    }

    @Test
    void a_body_over_the_limit_is_a_413_problem_before_it_is_read() throws Exception {
        byte[] large = new byte[LIMIT + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON).body(large).post(JOBS)
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("message", containsString("at most " + LIMIT + " bytes"));
        // Unauthenticated, and on any path: the limit comes first.
        given().contentType(ContentType.JSON).body(large).post("/api/v1/bulk_api/schedules")
                .then().statusCode(413);
    }

    @Test
    void a_chunked_body_over_the_limit_is_refused_too() throws Exception {
        byte[] large = new byte[LIMIT + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        given().auth().oauth2(TestAccounts.create()).contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(large)).post(JOBS)
                .then().statusCode(413);
    }
}
