package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.testsupport.ExportStack;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Cancelling a running export stops its worker and leaves nothing in the bucket. */
class CancellationIT {
    private static final String API_KEY = "pbe_e2e_" + UUID.randomUUID().toString().replace("-", "");
    private static ExportStack stack;
    private static S3Client s3;

    @BeforeAll
    static void startTheSystem() throws Exception {
        // The worker reads at most 1,000 rows per second per job, so the demo-sized export runs ~18 s.
        stack = ExportStack.start(new ExportStack.Settings(Files.createTempDirectory("bulk-export-cancel"),
                ExportStack.Ports.free(), API_KEY, true, Map.of("EXPORT_MAX_ROWS_PER_SECOND", "1000")),
                line -> System.out.println("[e2e] " + line));
        RestAssured.baseURI = stack.apiBaseUrl();
        s3 = StackS3.client(stack);
    }

    @AfterAll
    static void stopTheSystem() {
        if (s3 != null) {
            s3.close();
        }
        if (stack != null) {
            stack.closeAndDeleteData();
        }
    }

    @Test
    void cancelling_a_running_export_stops_the_worker_and_aborts_its_upload() {
        String jobId = given().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2023-01-01",
                         "end_date":"2024-12-31","property_ids":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}""")
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(API_KEY)
                .get("/api/v1/bulk_api/jobs/" + jobId).jsonPath().get("progress.rows_written") instanceof Number rows
                && rows.longValue() > 0);
        assertThat(multipartUploads()).isEqualTo(1);

        given().auth().oauth2(API_KEY).when().delete("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled"));

        await().atMost(Duration.ofSeconds(10)).until(() -> multipartUploads() == 0);
        assertThat(s3.listObjectsV2(list -> list.bucket(ExportStack.BUCKET).prefix("exports/")).contents())
                .noneMatch(object -> object.key().contains(jobId));
        given().auth().oauth2(API_KEY).when().delete("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled"));
        given().auth().oauth2(API_KEY).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results")
                .then().statusCode(409);
    }

    private static long multipartUploads() {
        return StackS3.openUploads(s3, "");
    }
}
