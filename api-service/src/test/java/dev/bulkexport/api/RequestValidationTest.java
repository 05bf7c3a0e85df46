package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every refusal is a 4xx problem naming the field and the rule; nothing is ever a 500. */
@QuarkusTest
class RequestValidationTest {
    private static final String JOBS = "/api/v1/bulk_api/jobs";
    private static String key;
    private static final String VALID = """
            {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
             "property_ids":[1,2]}""";

    /** A key of its own with a high rate limit: this class sends hundreds of requests in seconds. */
    private static synchronized String key() {
        if (key == null) {
            try {
                key = TestAccounts.create(1_000_000, null, TestAccounts.ALL_PERMISSIONS, 100_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return key;
    }

    static Stream<Arguments> badBodies() {
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        String manyIds = LongStream.rangeClosed(1, 5001).mapToObj(Long::toString).collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("{", "not valid JSON"),
                Arguments.of("[]", "JSON object"),
                Arguments.of("", "JSON object"),
                Arguments.of(VALID.replace("\"report_type\":\"property\",", ""), "report_type is required"),
                Arguments.of(VALID.replace("property\"", "rents\""), "report_type must be one of property, units, floorplans"),
                Arguments.of(VALID.replace("\"csv\"", "\"xlsx\""), "output_format must be one of csv, jsonl, parquet"),
                Arguments.of(VALID.replace("\"csv\"", "7"), "output_format must be a string"),
                Arguments.of(VALID.replace("2024-01-01", "01/01/2024"), "start_date must be a date in the form YYYY-MM-DD"),
                Arguments.of(VALID.replace("2024-01-31", "2024-02-30"), "end_date must be a date"),
                Arguments.of(VALID.replace("2024-01-01", "2024-02-15"), "start_date must not be after end_date"),
                Arguments.of(VALID.replace("2024-01-31", tomorrow), "end_date must not be in the future"),
                Arguments.of(VALID.replace("2024-01-01", "2019-01-01"), "at most 1096 days"),
                Arguments.of(VALID.replace("[1,2]", "[]"), "property_ids must be a non-empty array"),
                Arguments.of(VALID.replace("[1,2]", "\"1,2\""), "property_ids must be a non-empty array"),
                Arguments.of(VALID.replace("[1,2]", "[1,\"2\"]"), "property_ids[1] must be a positive integer"),
                Arguments.of(VALID.replace("[1,2]", "[1,2.5]"), "property_ids[1] must be a positive integer"),
                Arguments.of(VALID.replace("[1,2]", "[-4]"), "property_ids[0] must be a positive integer"),
                Arguments.of(VALID.replace("[1,2]", "[99999999999999999999999]"), "property_ids[0] must be a positive integer"),
                Arguments.of(VALID.replace("[1,2]", "[" + manyIds + "]"), "at most 5000 ids"),
                Arguments.of(VALID.replace("}", ",\"callback_url\":\"ftp://example.com/x\"}"),
                        "callback_url must use http or https (rule: scheme)"),
                Arguments.of(VALID.replace("}", ",\"callback_url\":\"not a url\"}"), "callback_url must"),
                Arguments.of(VALID.replace("}", ",\"callback_url\":42}"), "callback_url must"),
                Arguments.of(VALID.replace("}", ",\"priority\":1}"), "Unknown field 'priority'"),
                Arguments.of(VALID.replace("}", ",\"compression\":\"brotli\"}"), "compression must be one of none, gzip, zstd"),
                Arguments.of(VALID.replace("}", ",\"compression\":1}"), "compression must be a string"),
                Arguments.of(VALID.replace("\"csv\"", "\"parquet\"").replace("}", ",\"compression\":\"gzip\"}"),
                        "compression must be none for output_format parquet"),
                Arguments.of(VALID.replace("}", ",\"fields\":[\"date\",\"unit_id\"]}"),
                        "fields[1]: 'unit_id' is not a column of the property report"),
                Arguments.of(VALID.replace("}", ",\"fields\":[\"date\",\"city\",\"date\"]}"),
                        "fields[2]: 'date' is listed twice"),
                Arguments.of(VALID.replace("}", ",\"fields\":[\"\"]}"), "fields[0] must be a column name, not empty"),
                Arguments.of(VALID.replace("}", ",\"fields\":[]}"), "fields must name at least one column"),
                Arguments.of(VALID.replace("}", ",\"fields\":\"date\"}"), "fields must be an array of column names"),
                Arguments.of(VALID.replace("}", ",\"fields\":[\"date\",3]}"), "fields[1] must be a column name"),
                Arguments.of(VALID.replace("}", ",\"max_file_size_mb\":0}"),
                        "max_file_size_mb must be an integer from 1 to 102400"),
                Arguments.of(VALID.replace("}", ",\"max_file_size_mb\":102401}"), "max_file_size_mb must be"),
                Arguments.of(VALID.replace("}", ",\"max_file_size_mb\":1.5}"), "max_file_size_mb must be"),
                Arguments.of(VALID.replace("}", ",\"max_file_size_mb\":\"10\"}"), "max_file_size_mb must be"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void a_bad_create_body_is_a_400_naming_the_field_and_the_rule(String body, String message) {
        given().auth().oauth2(key()).contentType(ContentType.JSON).body(body)
                .when().post(JOBS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("error", equalTo("Bad Request"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("message", containsString(message))
                .body("detail", containsString(message));
    }

    static Stream<Arguments> otherRefusals() {
        return Stream.of(
                Arguments.of("GET", JOBS + "?page=0", null, 400, "page must be an integer from 1"),
                Arguments.of("GET", JOBS + "?per_page=101", null, 400, "per_page must be an integer from 1 to 100"),
                Arguments.of("GET", JOBS + "?per_page=abc", null, 400, "per_page"),
                Arguments.of("GET", JOBS + "?status=running", null, 400, "status must be one of"),
                Arguments.of("GET", JOBS + "/not-a-uuid", null, 404, "No job"),
                Arguments.of("GET", JOBS + "/00000000-0000-0000-0000-000000000000/results", null, 404, "No job"),
                Arguments.of("GET", JOBS + "/00000000-0000-0000-0000-000000000000/results/manifest", null, 404, "No job"),
                Arguments.of("DELETE", JOBS + "/00000000-0000-0000-0000-000000000000", null, 404, "No job"),
                Arguments.of("PUT", JOBS, VALID, 405, "not allowed"),
                Arguments.of("GET", "/api/v1/nothing-here", null, 404, "No such resource"));
    }

    @ParameterizedTest
    @MethodSource("otherRefusals")
    void other_refusals_are_problems_with_the_right_status(String method, String path, String body, int status,
            String message) {
        var request = given().auth().oauth2(key()).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        request.when().request(method, path)
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("message", containsString(message));
    }

    @Test
    void a_body_that_is_not_json_is_a_415() {
        given().auth().oauth2(key()).contentType(ContentType.TEXT).body("report_type=property")
                .when().post(JOBS)
                .then().statusCode(415).body("message", containsString("application/json"));
    }

    @Test
    void missing_malformed_and_unknown_keys_are_401_with_the_reference_body() {
        for (String header : new String[] {null, "Bearer", "Basic dXNlcjpwYXNz", "Bearer nope", "bearer  ", "Token x"}) {
            var request = given();
            if (header != null) {
                request.header("Authorization", header);
            }
            request.when().get(JOBS)
                    .then().statusCode(401)
                    .body("error", equalTo("Unauthorized"))
                    .body("message", equalTo("Missing or invalid bearer token"));
        }
    }

    /** 600 generated malformed requests; none may be a 5xx, and the service serves a valid request after. */
    @Test
    void generated_malformed_requests_never_cause_a_server_error() {
        Random random = new Random(20261128);
        List<String> failures = new ArrayList<>();
        String[] fragments = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "1e309", "0x10", "\\u0000",
            "\"report_type\"", "\"property_ids\"", "\"start_date\"", "\"2024-01-01\"", "'; DROP TABLE api.jobs; --",
            "<script>", "💥", "\u202e", "9".repeat(400), "\"" + "a".repeat(5000) + "\"", "[" + "1,".repeat(3000) + "1]",
            "{\"$gt\":1}", "../../etc/passwd", "%00", "NaN"};
        String[] paths = {JOBS, JOBS + "/", JOBS + "/%00", JOBS + "/" + "a".repeat(600), JOBS + "/..%2f..",
            JOBS + "/quota_impact", JOBS + "?page=-1&per_page=1e9", JOBS + "?status=%27%20OR%201=1",
            JOBS + "/00000000-0000-0000-0000-000000000000/results?x=%ff"};
        for (int i = 0; i < 600; i++) {
            StringBuilder body = new StringBuilder();
            int parts = random.nextInt(12);
            for (int p = 0; p < parts; p++) {
                body.append(fragments[random.nextInt(fragments.length)]);
            }
            if (i % 3 == 0) {
                body = new StringBuilder(VALID.substring(0, random.nextInt(VALID.length())) + body);
            }
            String path = paths[random.nextInt(paths.length)];
            String method = i % 7 == 0 ? "GET" : i % 11 == 0 ? "DELETE" : "POST";
            var request = given().auth().oauth2(key()).contentType(i % 13 == 0 ? "application/json; charset=latin1"
                    : "application/json").urlEncodingEnabled(false);
            if (i % 17 == 0) {
                request.header("Idempotency-Key", "k".repeat(random.nextInt(400)));
            }
            Response response = request.body(body.toString()).request(method, path);
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " " + method + " " + path + " " + body);
            }
        }
        assertThat(failures).isEmpty();
        given().auth().oauth2(key()).contentType(ContentType.JSON).body(VALID).when().post(JOBS).then().statusCode(201);
    }
}
