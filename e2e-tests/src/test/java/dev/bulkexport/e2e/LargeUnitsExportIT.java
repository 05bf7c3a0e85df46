package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.propertydata.DemoDataGenerator;
import dev.bulkexport.propertydata.PropertyDataSchema;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A larger units export in each format, timed (about a million unit-days; the worker runs with a 384 MiB
 * heap, so a file several times that size shows it streams). Off by default: run with
 * {@code mvn -B -o verify -pl e2e-tests -am -Dit.test=LargeUnitsExportIT -Dlarge.units.export=true}.
 */
@EnabledIfSystemProperty(named = "large.units.export", matches = "true")
@Isolated("timed: nothing else runs meanwhile")
class LargeUnitsExportIT {
    private static final String API_KEY = "pbe_e2e_" + UUID.randomUUID().toString().replace("-", "");
    private static final int PROPERTIES = Integer.getInteger("large.properties", 100);
    private static final int UNITS_PER_PROPERTY = Integer.getInteger("large.units-per-property", 30);
    private static final int DAYS = Integer.getInteger("large.days", 365);
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

    private static ExportStack stack;

    @BeforeAll
    static void startTheSystemOnALargerDataSet() throws Exception {
        Path state = Files.createTempDirectory("bulk-export-large");
        ExportStack.Ports ports = ExportStack.Ports.free();
        long started = System.nanoTime();
        // Loaded before the stack starts: the stack keeps a database that already holds a complete data set.
        try (PostgresServer postgres = PostgresServer.start(state.resolve("postgres"), ports.postgres())) {
            PropertyDataSchema.migrate(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER,
                    PostgresServer.PASSWORD)) {
                long rows = new DemoDataGenerator(7, PROPERTIES, FIRST_DAY, DAYS, UNITS_PER_PROPERTY).load(connection);
                connection.createStatement().execute("ANALYZE");
                System.out.printf("[large] loaded %,d rows in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);
            }
        }
        stack = ExportStack.start(new ExportStack.Settings(state, ports, API_KEY, true),
                line -> System.out.println("[large] " + line));
        RestAssured.baseURI = stack.apiBaseUrl();
    }

    @AfterAll
    static void stopTheSystem() {
        if (stack != null) {
            stack.closeAndDeleteData();
        }
    }

    @Test
    void a_million_unit_days_export_in_every_format_within_the_worker_memory_budget() {
        List<Long> ids = LongStream.rangeClosed(1, PROPERTIES).boxed().toList();
        for (String format : List.of("csv", "jsonl", "parquet")) {
            long submitted = System.nanoTime();
            String jobId = given().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                    .body(Map.of("report_type", "units", "output_format", format, "start_date", FIRST_DAY.toString(),
                            "end_date", FIRST_DAY.plusDays(DAYS - 1).toString(), "property_ids", ids))
                    .when().post("/api/v1/bulk_api/jobs")
                    .then().statusCode(201).extract().path("job_id");
            JsonPath job = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> given().auth().oauth2(API_KEY).get("/api/v1/bulk_api/jobs/" + jobId)
                                    .then().statusCode(200).extract().jsonPath(),
                            j -> !"submitted".equals(j.getString("status")));
            double wall = (System.nanoTime() - submitted) / 1e9;

            assertThat(job.getString("status")).as(format).isEqualTo("succeeded");
            Duration worker = Duration.between(Instant.parse(job.getString("started_at")),
                    Instant.parse(job.getString("completed_at")));
            System.out.printf("[large] units %-7s %,d rows, %,d bytes, %.1f s in the worker, %.1f s submit to outcome%n",
                    format, job.getLong("result.row_count"), job.getLong("result.file_size_bytes"),
                    worker.toMillis() / 1e3, wall);
            assertThat(job.getLong("result.row_count")).as(format).isGreaterThan(500_000);
        }
    }
}
