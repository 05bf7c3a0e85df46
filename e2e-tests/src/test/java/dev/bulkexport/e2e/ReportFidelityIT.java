package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every report in every format, exported through the real pipeline (the packaged services against real
 * PostgreSQL, Kafka and S3Proxy), downloaded, read back by DuckDB as an independent reader and compared row
 * by row and value by value with the test's own query of the provider's tables.
 */
@ExtendWith(SharedStack.Extension.class)
class ReportFidelityIT {
    private static final List<String> FORMATS = List.of("csv", "jsonl", "parquet");
    /** Properties 1 to 12 cover a null in every generated nullable column; 3 and 10 have no units. */
    private static final List<Long> PROPERTY_IDS = LongStream.rangeClosed(1, 12).boxed().toList();
    private static final LocalDate FROM = LocalDate.of(2023, 12, 20);
    private static final LocalDate TO = LocalDate.of(2024, 2, 10);

    private static ExportStack stack;
    private static String apiKey;
    @TempDir
    static Path downloads;

    @BeforeAll
    static void account(SharedStack system) throws Exception {
        stack = system.stack();
        apiKey = system.newAccountKey("fidelity");
    }

    @ParameterizedTest
    @EnumSource(SourceRows.class)
    void csv_jsonl_and_parquet_of_one_job_hold_exactly_the_source_rows_and_values(SourceRows report) throws Exception {
        SourceRows.Result source = report.read(stack.postgres(), PROPERTY_IDS, FROM, TO);
        assertTheSourceExercisesTheHardCases(report, source.rows());

        Map<String, String> jobs = new LinkedHashMap<>();
        for (String format : FORMATS) {
            jobs.put(format, submit(report.wireName(), format, PROPERTY_IDS, FROM, TO));
        }
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            String format = job.getKey();
            JsonPath outcome = awaitOutcome(job.getValue());
            assertThat(outcome.getString("status")).as(format).isEqualTo("succeeded");
            assertThat(outcome.getLong("result.row_count")).as(format).isEqualTo(source.rows().size());

            Path file = download(job.getValue(), format);
            DuckDbFile read = DuckDbFile.read(file, format);
            assertThat(read.columns()).as(format + " columns").isEqualTo(report.columns());
            assertThat(read.rows()).as(format + " row count").hasSameSizeAs(source.rows());
            for (int i = 0; i < source.rows().size(); i++) {
                assertThat(DuckDbFile.normalizedLike(read.rows().get(i), source.rows().get(i)))
                        .as("%s row %d", format, i + 1)
                        .isEqualTo(DuckDbFile.normalized(source.rows().get(i)));
            }
            if (format.equals("parquet")) {
                assertThat(read.types()).as("Parquet logical types").isEqualTo(source.parquetTypes());
                assertThat(DuckDbFile.parquetCompressions(file)).containsExactly("ZSTD");
            }
        }
    }

    /**
     * A CSV loaded with the types its manifest declares (not inferred) holds every source value, in DuckDB and in
     * PostgreSQL alike: ZIP codes with a leading zero stay text, dates are dates, decimals exact.
     */
    @ParameterizedTest
    @EnumSource(SourceRows.class)
    void a_csv_loads_with_its_manifests_types_into_duckdb_and_postgresql_value_for_value(SourceRows report)
            throws Exception {
        SourceRows.Result source = report.read(stack.postgres(), PROPERTY_IDS, FROM, TO);
        String jobId = submit(report.wireName(), "csv", PROPERTY_IDS, FROM, TO);
        assertThat(awaitOutcome(jobId).getString("status")).isEqualTo("succeeded");
        JsonPath manifest = given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + jobId + "/results/manifest")
                .then().statusCode(200).extract().jsonPath();
        List<String> names = manifest.getList("columns.name", String.class);
        List<String> types = manifest.getList("columns.type", String.class);
        assertThat(names).isEqualTo(report.columns());
        assertThat(types.stream().map(TypedCsvLoad::duckdbType).toList()).as("the source's column types")
                .isEqualTo(source.parquetTypes());
        Path file = download(jobId, "csv");

        Map<String, List<List<Object>>> loaded = new LinkedHashMap<>();
        loaded.put("DuckDB", TypedCsvLoad.intoDuckDb(file, names, types));
        loaded.put("PostgreSQL", TypedCsvLoad.intoPostgres(stack.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD, file, names, types));
        for (Map.Entry<String, List<List<Object>>> into : loaded.entrySet()) {
            List<List<Object>> rows = into.getValue();
            assertThat(rows).as(into.getKey() + " row count").hasSameSizeAs(source.rows());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(DuckDbFile.normalized(rows.get(i))).as("%s row %d", into.getKey(), i + 1)
                        .isEqualTo(DuckDbFile.normalized(source.rows().get(i)));
            }
            if (report == SourceRows.PROPERTY) {
                int zip = names.indexOf("zip_code");
                assertThat(rows).as(into.getKey() + ": a ZIP code with its leading zero")
                        .anySatisfy(row -> assertThat((String) row.get(zip)).startsWith("0"));
            }
        }
    }

    @Test
    void an_export_without_rows_is_a_valid_empty_file_of_every_format() throws Exception {
        Map<String, String> jobs = new LinkedHashMap<>();
        for (SourceRows report : SourceRows.values()) {
            for (String format : FORMATS) {
                jobs.put(report.name() + "/" + format,
                        submit(report.wireName(), format, List.of(999_999L), LocalDate.of(2020, 1, 1),
                                LocalDate.of(2020, 1, 31)));
            }
        }
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            SourceRows report = SourceRows.valueOf(job.getKey().substring(0, job.getKey().indexOf('/')));
            String format = job.getKey().substring(job.getKey().indexOf('/') + 1);
            JsonPath outcome = awaitOutcome(job.getValue());
            assertThat(outcome.getString("status")).as(job.getKey()).isEqualTo("succeeded");
            assertThat(outcome.getLong("result.row_count")).as(job.getKey()).isZero();
            Path file = download(job.getValue(), format);
            switch (format) {
                case "csv" -> assertThat(Files.readString(file, StandardCharsets.UTF_8))
                        .isEqualTo(String.join(",", report.columns()) + "\r\n");
                case "jsonl" -> assertThat(Files.size(file)).as(job.getKey()).isZero();
                default -> {
                    DuckDbFile read = DuckDbFile.read(file, format);
                    assertThat(read.rows()).as(job.getKey()).isEmpty();
                    assertThat(read.columns()).as(job.getKey()).isEqualTo(report.columns());
                }
            }
        }
    }

    /** Guards the test data itself: the comparison means little unless these cases are in it. */
    private static void assertTheSourceExercisesTheHardCases(SourceRows report, List<List<Object>> rows) {
        assertThat(rows).as("source rows").hasSizeGreaterThan(300);
        List<String> texts = rows.stream().flatMap(List::stream).filter(String.class::isInstance)
                .map(String.class::cast).distinct().toList();
        assertThat(texts).anyMatch(t -> t.contains(",")).anyMatch(t -> t.contains("\""))
                .anyMatch(t -> t.contains("\n")).anyMatch(t -> t.chars().anyMatch(c -> c > 127));
        assertThat(rows).as("rows with nulls").anyMatch(row -> row.contains(null));
        int date = report.columns().indexOf("date");
        boolean gap = false;
        for (int i = 1; i < rows.size() && !gap; i++) {
            List<Object> previous = rows.get(i - 1);
            List<Object> row = rows.get(i);
            gap = previous.subList(0, date).equals(row.subList(0, date))
                    && !toLocalDate(previous.get(date)).plusDays(1).equals(toLocalDate(row.get(date)));
        }
        assertThat(gap).as("a missing day inside a series").isTrue();
        if (report == SourceRows.UNITS) {
            assertThat(rows).as("property 3 tracks no units").noneMatch(row -> row.get(0).equals(3));
        }
    }

    private static LocalDate toLocalDate(Object value) {
        return value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
    }

    private static String submit(String reportType, String format, List<Long> ids, LocalDate from, LocalDate to) {
        return given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body(Map.of("report_type", reportType, "output_format", format, "start_date", from.toString(),
                        "end_date", to.toString(), "property_ids", ids))
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
    }

    private static JsonPath awaitOutcome(String jobId) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth().oauth2(apiKey).get("/api/v1/bulk_api/jobs/" + jobId)
                                .then().statusCode(200).extract().jsonPath(),
                        job -> !"submitted".equals(job.getString("status")));
    }

    private static Path download(String jobId, String format) throws Exception {
        String location = given().auth().oauth2(apiKey).redirects().follow(false)
                .get("/api/v1/bulk_api/jobs/" + jobId + "/results").then().statusCode(302)
                .extract().header("Location");
        Path file = downloads.resolve(jobId + "." + format);
        HttpResponse<Path> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        return file;
    }
}
