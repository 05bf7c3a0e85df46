package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.testsupport.ExportStack;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cancelling a running export stops its worker and leaves nothing in the bucket (an upload of more than one part is
 * aborted: S3MultipartOutputStreamTest, WorkerShutdownTest).
 */
@ExtendWith(SharedStack.Extension.class)
class CancellationIT {
    private static String apiKey;
    private static S3Client s3;

    private static SharedStack stack;

    @BeforeAll
    static void account(SharedStack system) throws Exception {
        apiKey = system.newAccountKey("cancel");
        s3 = system.s3();
        stack = system;
    }

    @Test
    void cancelling_a_running_export_stops_the_worker_and_stores_nothing() {
        String jobId = given().auth().oauth2(apiKey).contentType(ContentType.JSON).body(SharedStack.LONG_JOB)
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
        await().atMost(Duration.ofSeconds(120)).until(() -> given().auth().oauth2(apiKey)
                .get("/api/v1/bulk_api/jobs/" + jobId).jsonPath().get("progress.rows_written") instanceof Number rows
                && rows.longValue() > 0);
        // Its file stays within one part: until the job ends it is in the worker's memory, not in the bucket.
        assertThat(multipartUploads(jobId)).isZero();

        given().auth().oauth2(apiKey).when().delete("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(
                stack.stack().serviceLog(ExportStack.WORKER)).contains("job " + jobId + " cancelled"));
        assertThat(multipartUploads(jobId)).isZero();
        assertThat(s3.listObjectsV2Paginator(list -> list.bucket(ExportStack.BUCKET).prefix("exports/")).contents())
                .noneMatch(object -> object.key().contains(jobId));
        given().auth().oauth2(apiKey).when().delete("/api/v1/bulk_api/jobs/" + jobId)
                .then().statusCode(200).body("status", equalTo("cancelled"));
        given().auth().oauth2(apiKey).when().get("/api/v1/bulk_api/jobs/" + jobId + "/results")
                .then().statusCode(409);
    }

    private static long multipartUploads(String jobId) {
        return StackS3.openUploads(s3, jobId);
    }
}
