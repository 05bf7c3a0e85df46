package dev.bulkexport.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.worker.format.ParquetReportWriter;
import dev.bulkexport.worker.report.ReportReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parquet from the binary COPY against Parquet from the cursor's row objects, on real PostgreSQL: DuckDB
 * reads the same schema, the same rows and values and the same statistics from both.
 */
@QuarkusTest
class ParquetFromCopyTest {
    private static final LocalDate JANUARY_1 = LocalDate.of(2024, 1, 1);
    private static final LocalDate DECEMBER_31 = LocalDate.of(2024, 12, 31);
    private static final List<Long> PROPERTIES = LongStream.rangeClosed(1, 4).boxed().toList();

    @Inject
    ReportReader reader;
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ReportType.class)
    void every_report_reads_back_as_from_the_row_objects(ReportType type) throws Exception {
        ReportDefinition report = Reports.forType(type);
        ColumnSelection all = ColumnSelection.of(report, null);
        Path fromRows = dir.resolve(type + "-rows.parquet");
        Path fromCopy = dir.resolve(type + "-copy.parquet");
        // Small row groups: several per file, each with its own statistics.
        long rows = fromRows(report, all, fromRows, 64 * 1024);
        assertThat(rows).isGreaterThan(100);
        assertThat(fromCopy(report, all, fromCopy, 64 * 1024)).isEqualTo(rows);

        assertSameFiles(fromRows, fromCopy, rows);
    }

    @Test
    void a_selection_without_the_property_id_leaves_out_the_id_put_in_front_for_progress() throws Exception {
        ReportDefinition report = Reports.forType(ReportType.UNITS);
        ColumnSelection selection = ColumnSelection.of(report, List.of("asking_rent", "unit_name", "date",
                "is_available"));
        Path fromRows = dir.resolve("selection-rows.parquet");
        Path fromCopy = dir.resolve("selection-copy.parquet");
        long rows = fromRows(report, selection, fromRows, 16 * 1024 * 1024);
        assertThat(fromCopy(report, selection, fromCopy, 16 * 1024 * 1024)).isEqualTo(rows);

        assertThat(duckdb("DESCRIBE SELECT * FROM '" + fromCopy + "'", "column_name")).containsExactly(
                List.of("asking_rent"), List.of("unit_name"), List.of("date"), List.of("is_available"));
        assertSameFiles(fromRows, fromCopy, rows);
    }

    @Test
    void a_binary_copy_stopped_half_way_leaves_no_spoilt_connection_for_the_next_job() {
        ReportDefinition units = Reports.forType(ReportType.UNITS);
        ColumnSelection all = ColumnSelection.of(units, null);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long complete = reader.copyBinary(units, all, PROPERTIES, JANUARY_1, DECEMBER_31, row -> { });
            for (int attempt = 0; attempt < 3; attempt++) {
                long[] seen = {0};
                assertThatThrownBy(() -> reader.copyBinary(units, all, PROPERTIES, JANUARY_1, DECEMBER_31, row -> {
                    if (++seen[0] == 50) {
                        throw new IOException("upload failed");
                    }
                })).hasMessage("upload failed");
                assertThat(reader.copyBinary(units, all, PROPERTIES, JANUARY_1, DECEMBER_31, row -> { }))
                        .isEqualTo(complete);
                assertThat(reader.read(units, PROPERTIES, JANUARY_1, DECEMBER_31, row -> { })).isEqualTo(complete);
            }
        });
    }

    private long fromRows(ReportDefinition report, ColumnSelection selection, Path file, long rowGroupBytes)
            throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetReportWriter writer = new ParquetReportWriter(out, selection.columns(), rowGroupBytes);
            Object[] projected = new Object[selection.columns().size()];
            long rows = reader.read(report, PROPERTIES, JANUARY_1, DECEMBER_31,
                    row -> writer.writeRow(selection.project(row, projected)));
            writer.finish();
            return rows;
        }
    }

    private long fromCopy(ReportDefinition report, ColumnSelection selection, Path file, long rowGroupBytes)
            throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetReportWriter writer = new ParquetReportWriter(out, selection.columns(), rowGroupBytes);
            int first = selection.startsWithReportKey() ? 0 : 1;
            long rows = reader.copyBinary(report, selection, PROPERTIES, JANUARY_1, DECEMBER_31,
                    row -> writer.writeRow(row, first));
            writer.finish();
            return rows;
        }
    }

    private static void assertSameFiles(Path expected, Path actual, long rows) throws Exception {
        assertThat(duckdb("SELECT count(*) AS n FROM '" + actual + "'", "n")).containsExactly(List.of(rows + ""));
        String schema = "SELECT name, type, converted_type, scale, precision, logical_type, repetition_type"
                + " FROM parquet_schema('%s') ORDER BY name";
        assertThat(duckdb(schema.formatted(actual), 7)).isEqualTo(duckdb(schema.formatted(expected), 7));
        String values = "SELECT * FROM '%s' EXCEPT ALL SELECT * FROM '%s'";
        assertThat(duckdb(values.formatted(actual, expected), 1)).isEmpty();
        assertThat(duckdb(values.formatted(expected, actual), 1)).isEmpty();
        String statistics = "SELECT row_group_id, path_in_schema, row_group_num_rows, stats_min_value, stats_max_value,"
                + " stats_null_count, encodings, compression FROM parquet_metadata('%s') ORDER BY 1, 2";
        assertThat(duckdb(statistics.formatted(actual), 8)).isEqualTo(duckdb(statistics.formatted(expected), 8));
    }

    private static List<List<String>> duckdb(String sql, String... columns) throws Exception {
        return duckdb(sql, columns.length, columns);
    }

    private static List<List<String>> duckdb(String sql, int width, String... names) throws Exception {
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET autoload_known_extensions=false");
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        row.add(names.length > 0 ? rs.getString(names[i]) : rs.getString(i + 1));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
