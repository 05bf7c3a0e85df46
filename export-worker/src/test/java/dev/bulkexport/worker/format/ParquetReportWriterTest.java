package dev.bulkexport.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by the Parquet writer, read back by DuckDB as an independent reader. */
class ParquetReportWriterTest {
    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("property_id", ColumnType.INTEGER, "id"),
            ReportColumn.of("rows_seen", ColumnType.BIGINT, "count"),
            ReportColumn.of("date", ColumnType.DATE, "day"),
            ReportColumn.of("property_name", ColumnType.STRING, "name"),
            ReportColumn.decimal("asking_rent", 10, 2, "rent", null),
            ReportColumn.decimal("bathroom_count", 3, 1, "baths", null),
            ReportColumn.of("latitude", ColumnType.DOUBLE, "lat"),
            ReportColumn.of("is_available", ColumnType.BOOLEAN, "flag"));

    @TempDir
    Path dir;

    @Test
    void columns_carry_logical_types_and_values_survive_a_round_trip() throws Exception {
        Path file = dir.resolve("report.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetReportWriter writer = new ParquetReportWriter(out, COLUMNS, 1024 * 1024);
            writer.writeRow(new Object[] {7, 9_000_000_000L, LocalDate.of(2024, 2, 29), "Maison \"Élan\",\nPhase 2",
                new BigDecimal("1882.20"), new BigDecimal("2.5"), 30.25, true});
            writer.writeRow(new Object[] {8, null, null, null, null, null, null, null});
            writer.finish();
        }

        assertThat(DuckDb.rows("DESCRIBE SELECT * FROM '" + file + "'", "column_name", "column_type")).containsExactly(
                List.of("property_id", "INTEGER"), List.of("rows_seen", "BIGINT"), List.of("date", "DATE"),
                List.of("property_name", "VARCHAR"), List.of("asking_rent", "DECIMAL(10,2)"),
                List.of("bathroom_count", "DECIMAL(3,1)"), List.of("latitude", "DOUBLE"),
                List.of("is_available", "BOOLEAN"));
        assertThat(DuckDb.rows("SELECT * FROM '" + file + "'", COLUMNS.stream().map(ReportColumn::name).toArray(String[]::new)))
                .containsExactly(
                        List.of("7", "9000000000", "2024-02-29", "Maison \"Élan\",\nPhase 2", "1882.20", "2.5", "30.25",
                                "true"),
                        Arrays.asList("8", null, null, null, null, null, null, null));
        assertThat(DuckDb.rows("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')", "compression"))
                .containsExactly(List.of("ZSTD"));
    }

    @Test
    void an_empty_report_is_a_valid_file_with_the_schema_and_no_rows() throws Exception {
        Path file = dir.resolve("empty.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ParquetReportWriter(out, COLUMNS, 1024 * 1024).finish();
        }

        assertThat(DuckDb.rows("SELECT count(*) AS n FROM '" + file + "'", "n")).containsExactly(List.of("0"));
        assertThat(DuckDb.rows("DESCRIBE SELECT * FROM '" + file + "'", "column_name")).hasSize(COLUMNS.size());
    }
}
