package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compressed, column-selected and split results through the real pipeline, read back by DuckDB from every
 * file of the manifest and compared, in order, with the test's own query of the provider's tables: no row lost
 * or doubled at a file seam. The shared stack's worker runs with one 5 MiB part per upload, so that any file
 * that would need more parts than that is split (the S3 part count guard, scaled down).
 */
@ExtendWith(SharedStack.Extension.class)
class LargeResultsIT {
    private static final List<Long> PROPERTY_IDS = LongStream.rangeClosed(1, 12).boxed().toList();
    private static final LocalDate FROM = LocalDate.of(2023, 12, 20);
    private static final LocalDate TO = LocalDate.of(2024, 2, 10);
    private static final long MIB = 1024 * 1024;

    private static SharedStack system;
    private static String apiKey;
    @TempDir
    static Path downloads;

    @BeforeAll
    static void account(SharedStack shared) throws Exception {
        system = shared;
        apiKey = shared.newAccountKey("large-results");
    }

    @ParameterizedTest
    @CsvSource({"csv,gzip,.csv.gz", "csv,zstd,.csv.zst", "jsonl,gzip,.jsonl.gz", "jsonl,zstd,.jsonl.zst"})
    void compressed_csv_and_jsonl_hold_exactly_the_source_rows(String format, String compression, String extension)
            throws Exception {
        for (SourceRows report : List.of(SourceRows.UNITS, SourceRows.PROPERTY)) {
            JsonPath job = awaitSucceeded(submit(report, format, Map.of("compression", compression)));
            assertThat(job.getString("compression")).isEqualTo(compression);
            assertThat(job.getString("result.file_name")).endsWith(extension);

            List<Path> files = downloadAll(job.getString("job_id"));
            assertThat(files).hasSize(1);
            assertThat(files.get(0).getFileName().toString()).endsWith(extension);
            assertSameRows(report, report.columns(), format, files);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl", "parquet"})
    void fields_are_exactly_those_columns_in_that_order_in_every_format(String format) throws Exception {
        // floorplans CSV comes from PostgreSQL's COPY, property CSV (it has DOUBLE columns) from Java.
        Map<SourceRows, List<String>> fields = Map.of(
                SourceRows.FLOORPLANS, List.of("asking_rent_avg", "date", "floorplan_id", "property_name"),
                SourceRows.PROPERTY, List.of("latitude", "date", "property_id", "concession_text", "median_age"));
        for (Map.Entry<SourceRows, List<String>> chosen : fields.entrySet()) {
            JsonPath job = awaitSucceeded(submit(chosen.getKey(), format, Map.of("fields", chosen.getValue())));
            assertThat(job.getList("fields")).isEqualTo(chosen.getValue());
            assertSameRows(chosen.getKey(), chosen.getValue(), format, downloadAll(job.getString("job_id")));
        }
    }

    @ParameterizedTest
    @CsvSource({"property,csv,none,2023-12-31", "property,csv,gzip,2023-12-31", "property,jsonl,zstd,2023-12-31",
        "units,parquet,none,2024-12-30"})
    void max_file_size_mb_splits_the_output_into_complete_files_that_lose_or_double_no_row(String reportType,
            String format, String compression, String lastDay) throws Exception {
        // Parquet compresses well: two years of units make more than one MiB of it.
        SourceRows report = SourceRows.valueOf(reportType.toUpperCase(java.util.Locale.ROOT));
        List<Long> everyProperty = LongStream.rangeClosed(1, 25).boxed().toList();
        LocalDate from = LocalDate.of(2023, 1, 1);
        LocalDate to = LocalDate.parse(lastDay);
        Map<String, Object> options = new HashMap<>(Map.of("max_file_size_mb", 1));
        if (!compression.equals("none")) {
            options.put("compression", compression);
        }
        JsonPath job = awaitSucceeded(submit(report, format, everyProperty, from, to, options));
        JsonPath manifest = manifest(job.getString("job_id"));

        assertThat(job.getInt("result.file_count")).isGreaterThan(1).isEqualTo(manifest.getList("files").size());
        assertThat(manifest.getList("files.file_size_bytes", Long.class)).allSatisfy(size -> assertThat(size)
                .isLessThanOrEqualTo(MIB));
        assertThat(manifest.getLong("row_count")).isEqualTo(job.getLong("result.row_count"));
        List<Path> files = downloadAll(job.getString("job_id"));
        assertSameRows(report, report.columns(), format, files, everyProperty, from, to);
    }

    @Test
    void a_file_that_would_pass_the_upload_part_limit_is_split_and_the_job_succeeds() throws Exception {
        List<Long> everyProperty = LongStream.rangeClosed(1, 25).boxed().toList();
        LocalDate from = LocalDate.of(2023, 1, 1);
        LocalDate to = LocalDate.of(2023, 12, 31);
        JsonPath job = awaitSucceeded(submit(SourceRows.UNITS, "csv", everyProperty, from, to, Map.of()));
        String jobId = job.getString("job_id");

        assertThat(job.getInt("result.file_count")).isGreaterThan(1);
        assertThat(job.getLong("result.file_size_bytes")).isGreaterThan(5 * MIB);
        // The download of a job of several files is its stored manifest object, listing the files.
        Path stored = download(given().auth().oauth2(apiKey).redirects().follow(false)
                .get("/api/v1/bulk_api/jobs/" + jobId + "/results").then().statusCode(302)
                .extract().header("Location"), job.getString("result.file_name"));
        JsonPath storedManifest = JsonPath.from(stored.toFile());
        JsonPath manifest = manifest(jobId);
        assertThat(storedManifest.getList("files.file_name")).isEqualTo(manifest.getList("files.file_name"));
        assertThat(storedManifest.getList("files.sha256")).isEqualTo(manifest.getList("files.sha256"));
        assertThat(sha256(stored)).isEqualTo(job.getString("result.sha256"));
        assertSameRows(SourceRows.UNITS, SourceRows.UNITS.columns(), "csv", downloadAll(jobId), everyProperty, from,
                to);

        String stranger = system.newAccountKey("large-results-stranger");
        given().auth().oauth2(stranger).get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(404);
    }

    private static void assertSameRows(SourceRows report, List<String> columns, String format, List<Path> files)
            throws Exception {
        assertSameRows(report, columns, format, files, PROPERTY_IDS, FROM, TO);
    }

    /** The files, read one after the other, hold the source rows of these columns in order, each once. */
    private static void assertSameRows(SourceRows report, List<String> columns, String format, List<Path> files,
            List<Long> ids, LocalDate from, LocalDate to) throws Exception {
        List<List<Object>> source = project(report, columns,
                report.read(system.stack().postgres(), ids, from, to).rows());
        List<List<Object>> read = new ArrayList<>();
        for (Path file : files) {
            DuckDbFile part = DuckDbFile.read(file, format);
            assertThat(part.columns()).as(file.getFileName().toString()).isEqualTo(columns);
            assertThat(part.rows()).as(file.getFileName() + " is not empty").isNotEmpty();
            read.addAll(part.rows());
        }
        assertThat(read).as("rows of all files").hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(DuckDbFile.normalizedLike(read.get(i), source.get(i))).as("%s row %d", format, i + 1)
                    .isEqualTo(DuckDbFile.normalized(source.get(i)));
        }
    }

    private static List<List<Object>> project(SourceRows report, List<String> columns, List<List<Object>> rows) {
        List<Integer> indexes = columns.stream().map(report.columns()::indexOf).toList();
        return rows.stream().map(row -> indexes.stream().map(row::get).toList()).toList();
    }

    private static String submit(SourceRows report, String format, Map<String, Object> options) {
        return submit(report, format, PROPERTY_IDS, FROM, TO, options);
    }

    private static String submit(SourceRows report, String format, List<Long> ids, LocalDate from, LocalDate to,
            Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(options);
        body.putAll(Map.of("report_type", report.wireName(), "output_format", format, "start_date", from.toString(),
                "end_date", to.toString(), "property_ids", ids));
        return given().auth().oauth2(apiKey).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
    }

    private static JsonPath awaitSucceeded(String jobId) {
        JsonPath job = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + jobId)
                                .then().statusCode(200).extract().jsonPath(),
                        found -> !"submitted".equals(found.getString("status")));
        assertThat(job.getString("status")).as(jobId).isEqualTo("succeeded");
        return job;
    }

    private static JsonPath manifest(String jobId) {
        return given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every file of the manifest, under its own name, each checked against its sha256 and size. */
    private static List<Path> downloadAll(String jobId) throws Exception {
        JsonPath manifest = manifest(jobId);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < manifest.getList("files").size(); i++) {
            String prefix = "files[" + i + "].";
            assertThat(manifest.getInt(prefix + "index")).isEqualTo(i + 1);
            Path file = download(manifest.getString(prefix + "url"), manifest.getString(prefix + "file_name"));
            assertThat(Files.size(file)).isEqualTo(manifest.getLong(prefix + "file_size_bytes"));
            assertThat(sha256(file)).isEqualTo(manifest.getString(prefix + "sha256"));
            files.add(file);
        }
        return files;
    }

    private static Path download(String url, String fileName) throws Exception {
        Path file = Files.createDirectories(downloads.resolve(UUID.randomUUID().toString())).resolve(fileName);
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
