package dev.bulkexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --iceberg-table} in the bodies the CLI sends, and the snapshot it shows once a job committed one. */
class IcebergTableOptionTest {
    private static final String JOB = "{\"job_id\":\"j1\",\"status\":\"succeeded\",\"iceberg_table\":\"rentals.units\","
            + "\"result\":{\"row_count\":3,\"iceberg\":{\"table\":\"rentals.units\",\"metadata_location\":"
            + "\"s3://acme/bulk/iceberg/rentals/units/metadata/00001-a.metadata.json\",\"snapshot_id\":42}}}";

    private final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    IcebergTableOptionTest() throws Exception {
        server.createContext("/api/v1/bulk_api/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = JOB.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String[] withConnection(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--api-key", "pbe_key"));
        return all.toArray(String[]::new);
    }

    @Test
    void jobs_and_schedules_send_the_table_as_iceberg_table() throws Exception {
        assertThat(BulkExportCli.run(withConnection("jobs", "create", "-r", "units", "-f", "parquet", "--start",
                "2024-01-01", "--end", "2024-01-31", "-p", "1,2", "--destination-id", "d1", "--iceberg-table",
                "rentals.units"))).isEqualTo(ExitCode.OK);
        assertThat(BulkExportCli.run(withConnection("schedules", "create", "--name", "sync", "-r", "units", "-f",
                "parquet", "-p", "1", "--cadence", "monthly", "--window", "previous_period", "--destination-id", "d1",
                "--iceberg-table", "rentals.units"))).isEqualTo(ExitCode.OK);

        assertThat(bodies).hasSize(2);
        JsonNode job = ApiClient.JSON.readTree(bodies.get(0));
        assertThat(job.path("iceberg_table").asText()).isEqualTo("rentals.units");
        assertThat(job.path("destination_id").asText()).isEqualTo("d1");
        JsonNode schedule = ApiClient.JSON.readTree(bodies.get(1));
        assertThat(schedule.path("iceberg_table").asText()).isEqualTo("rentals.units");
        assertThat(schedule.path("cadence").asText()).isEqualTo("monthly");
    }

    @Test
    void a_body_without_the_flag_has_no_iceberg_table() throws Exception {
        assertThat(BulkExportCli.run(withConnection("jobs", "create", "-r", "units", "-f", "csv", "--start",
                "2024-01-01", "--end", "2024-01-31", "-p", "1"))).isEqualTo(ExitCode.OK);

        assertThat(ApiClient.JSON.readTree(bodies.get(0)).has("iceberg_table")).isFalse();
    }

    @Test
    void waiting_for_a_job_that_committed_a_snapshot_prints_its_table_metadata_and_snapshot_id() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(BulkExportCli.run(withConnection("jobs", "wait", "j1"))).isEqualTo(ExitCode.OK);
        } finally {
            System.setErr(original);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("job j1 committed snapshot 42 of Iceberg table "
                + "rentals.units (metadata s3://acme/bulk/iceberg/rentals/units/metadata/00001-a.metadata.json)");
    }

    @Test
    void a_job_of_files_has_no_snapshot_line() throws Exception {
        assertThat(JobOutcome.icebergSnapshot(ApiClient.JSON.readTree(
                "{\"job_id\":\"j2\",\"status\":\"succeeded\",\"result\":{\"row_count\":3,\"iceberg\":null}}"))).isNull();
        assertThat(JobOutcome.icebergSnapshot(ApiClient.JSON.readTree(
                "{\"job_id\":\"j2\",\"status\":\"failed\",\"result\":null}"))).isNull();
    }
}
