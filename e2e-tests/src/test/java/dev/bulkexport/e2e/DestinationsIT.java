package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.ExportStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Destinations against the real stack: a second S3Proxy, with credentials of its own, plays the customer's
 * bucket. Jobs to a destination land there under {prefix}/{job_id}/ and nothing of them in ours; the
 * destination's secret appears in no answer and in no service's log.
 */
@ExtendWith(SharedStack.Extension.class)
class DestinationsIT {
    private static final Duration JOB_WAIT = Duration.ofSeconds(180);
    private static final String PREFIX = "warehouse/bulk";
    /** 25 properties × 1,067 days × 100 estimated units rows: over the shared stack's fan-out threshold, 5 shards. */
    private static final List<Long> FAN_OUT_IDS = LongStream.rangeClosed(1, 25).boxed().toList();

    private static SharedStack system;
    private static CustomerBucket customer;
    private static S3Client ours;
    /** Every answer of the API in these tests, searched for the secret at the end of each test. */
    private static final StringBuilder answers = new StringBuilder();

    @BeforeAll
    static void theCustomersBucket(SharedStack shared) {
        system = shared;
        customer = shared.customerBucket();
        ours = shared.s3();
    }

    private static String answer(io.restassured.response.ExtractableResponse<?> response) {
        String body = response.asString();
        synchronized (answers) {
            answers.append(body).append('\n');
        }
        return body;
    }

    private static Map<String, Object> destination(String bucket, String accessKey, String secret) {
        return new HashMap<>(Map.of("type", "s3", "name", "warehouse", "bucket", bucket, "prefix", PREFIX,
                "region", "us-east-1", "endpoint", customer.endpoint(), "access_key_id", accessKey,
                "secret_access_key", secret));
    }

    private static String addDestination(String key, String bucket) {
        String body = answer(given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(destination(bucket, CustomerBucket.ACCESS_KEY, CustomerBucket.SECRET_KEY))
                .post("/api/v1/bulk_api/destinations").then().statusCode(201).extract());
        return JsonPath.from(body).getString("destination_id");
    }

    @Test
    void wrong_credentials_or_an_unknown_bucket_are_refused_naming_the_problem() throws Exception {
        String key = newAccount("refused");
        answer(given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(destination(CustomerBucket.BUCKET, CustomerBucket.ACCESS_KEY, "wrong-" + CustomerBucket.SECRET_KEY))
                .post("/api/v1/bulk_api/destinations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("message", containsString("secret_access_key")).extract());
        answer(given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(destination(CustomerBucket.BUCKET, "somebody-else", CustomerBucket.SECRET_KEY))
                .post("/api/v1/bulk_api/destinations").then().statusCode(400)
                .body("message", containsString("access_key_id")).extract());
        answer(given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(destination("nobodys-bucket", CustomerBucket.ACCESS_KEY, CustomerBucket.SECRET_KEY))
                .post("/api/v1/bulk_api/destinations").then().statusCode(400)
                .body("message", containsString("bucket: there is no bucket 'nobodys-bucket'")).extract());
        assertTheSecretIsNowhere();
    }

    @Test
    void a_job_to_a_destination_lands_its_file_and_manifest_there_and_nothing_in_our_bucket() throws Exception {
        String key = newAccount("one-file");
        String destination = addDestination(key, CustomerBucket.BUCKET);
        String jobId = submit(key, Map.of("report_type", "property", "start_date", "2024-01-01",
                "end_date", "2024-01-31", "property_ids", List.of(1, 2), "destination_id", destination));

        JsonPath job = awaitOutcome(key, jobId);
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
        String folder = PREFIX + "/" + jobId + "/";
        assertThat(job.getString("destination_id")).isEqualTo(destination);
        assertThat(job.getString("result.destination.bucket")).isEqualTo(CustomerBucket.BUCKET);
        assertThat(job.getString("result.destination.prefix")).isEqualTo(folder);

        List<String> landed = customer.keys().stream().filter(k -> k.contains(jobId)).toList();
        assertThat(landed).containsExactlyInAnyOrder(folder + "property_2024-01-01_2024-01-31.csv",
                folder + "property_2024-01-01_2024-01-31_manifest.json",
                folder + "property_2024-01-01_2024-01-31_schema.json");
        byte[] file = customer.read(folder + "property_2024-01-01_2024-01-31.csv");
        assertThat(sha256(file)).isEqualTo(job.getString("result.sha256"));
        assertThat((long) file.length).isEqualTo(job.getLong("result.file_size_bytes"));
        JsonPath manifest = JsonPath.from(new String(customer.read(folder + "property_2024-01-01_2024-01-31_manifest.json")));
        assertThat(manifest.getString("files[0].sha256")).isEqualTo(sha256(file));
        assertThat(manifest.getLong("row_count")).isEqualTo(job.getLong("result.row_count"));

        assertThat(ourKeysOf(jobId)).as("nothing of the job in our bucket").isEmpty();
        answer(given().auth().oauth2(key).redirects().follow(false).get("/api/v1/bulk_api/jobs/" + jobId + "/results")
                .then().statusCode(409).body("message", containsString("s3://" + CustomerBucket.BUCKET + "/" + folder))
                .extract());
        assertTheSecretIsNowhere();
    }

    @Test
    void a_fanned_out_job_writes_every_shard_and_its_manifest_to_the_destination() throws Exception {
        String key = newAccount("fan-out");
        String destination = addDestination(key, CustomerBucket.BUCKET);
        String jobId = submit(key, Map.of("report_type", "units", "start_date", "2021-03-01",
                "end_date", "2024-01-31", "property_ids", FAN_OUT_IDS, "destination_id", destination,
                "compression", "gzip"));

        JsonPath job = awaitOutcome(key, jobId);
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
        String folder = PREFIX + "/" + jobId + "/";
        List<String> landed = customer.keys().stream().filter(k -> k.startsWith(folder)).toList();
        List<String> files = landed.stream().filter(k -> k.endsWith(".csv.gz")).toList();
        assertThat(files).hasSize(job.getInt("result.file_count")).hasSizeGreaterThanOrEqualTo(5)
                .contains(folder + "units_2021-03-01_2024-01-31_shard-00001.csv.gz");
        assertThat(landed).contains(folder + "units_2021-03-01_2024-01-31_manifest.json");
        assertThat(landed.stream().filter(k -> k.endsWith(".checkpoint.json"))).hasSize(5);
        long bytes = files.stream().mapToLong(k -> customer.read(k).length).sum();
        assertThat(bytes).isEqualTo(job.getLong("result.file_size_bytes"));
        assertThat(ourKeysOf(jobId)).as("nothing of the job in our bucket").isEmpty();
        assertTheSecretIsNowhere();
    }

    @Test
    void a_destination_that_refuses_the_writes_fails_the_job_saying_so() throws Exception {
        String key = newAccount("doomed");
        customer.createBucket("doomed-bucket");
        String destination = addDestination(key, "doomed-bucket");
        customer.deleteBucket("doomed-bucket");
        String jobId = submit(key, Map.of("report_type", "property", "start_date", "2024-02-01",
                "end_date", "2024-02-29", "property_ids", List.of(3), "destination_id", destination));

        JsonPath job = awaitOutcome(key, jobId);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error_message")).contains("s3://doomed-bucket/" + PREFIX + "/" + jobId + "/")
                .contains("refused the write (HTTP 404 NoSuchBucket)");
        assertThat(ourKeysOf(jobId)).isEmpty();
        assertTheSecretIsNowhere();
    }

    /** Neither any answer nor any service's log holds the destination's secret access key. */
    private static void assertTheSecretIsNowhere() throws Exception {
        synchronized (answers) {
            assertThat(answers.toString()).doesNotContain(CustomerBucket.SECRET_KEY);
        }
        for (String service : List.of(ExportStack.API, ExportStack.WORKER, ExportStack.NOTIFIER)) {
            assertThat(Files.readString(system.stack().serviceLog(service))).as(service + "'s log")
                    .doesNotContain(CustomerBucket.SECRET_KEY);
        }
    }

    private static List<String> ourKeysOf(String jobId) {
        return ours.listObjectsV2Paginator(list -> list.bucket(ExportStack.BUCKET)).contents().stream()
                .map(S3Object::key).filter(k -> k.contains(jobId)).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String newAccount(String name) throws Exception {
        return system.newAccountKey("destinations-" + name);
    }

    private static String submit(String key, Map<String, Object> members) {
        Map<String, Object> body = new HashMap<>(Map.of("output_format", "csv"));
        body.putAll(members);
        String created = answer(given().auth().oauth2(key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract());
        return JsonPath.from(created).getString("job_id");
    }

    private static JsonPath awaitOutcome(String key, String jobId) {
        return await().atMost(JOB_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> JsonPath.from(answer(given().auth().oauth2(key).get("/api/v1/bulk_api/jobs/" + jobId)
                        .then().statusCode(200).extract())), found -> !"submitted".equals(found.getString("status")));
    }
}
