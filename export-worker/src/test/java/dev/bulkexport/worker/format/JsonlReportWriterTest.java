package dev.bulkexport.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlReportWriterTest {
    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("property_id", ColumnType.INTEGER, "id"),
            ReportColumn.of("date", ColumnType.DATE, "day"),
            ReportColumn.of("property_name", ColumnType.STRING, "name"),
            ReportColumn.decimal("asking_rent", 10, 2, "rent", null),
            ReportColumn.of("latitude", ColumnType.DOUBLE, "lat"),
            ReportColumn.of("is_available", ColumnType.BOOLEAN, "flag"));

    @Test
    void writes_one_object_per_line_with_numbers_as_numbers_and_null_as_null() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonlReportWriter writer = new JsonlReportWriter(out, COLUMNS);

        writer.writeRow(new Object[] {7, LocalDate.of(2024, 2, 29), "Maison \"Élan\", Phase 2",
            new BigDecimal("1E+3"), 30.25, true});
        writer.writeRow(new Object[] {8, LocalDate.of(2024, 3, 1), "Bayside\nTowers", null, null, false});
        writer.finish();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"property_id\":7,\"date\":\"2024-02-29\",\"property_name\":\"Maison \\\"Élan\\\", Phase 2\","
                        + "\"asking_rent\":1000,\"latitude\":30.25,\"is_available\":true}\n"
                        + "{\"property_id\":8,\"date\":\"2024-03-01\",\"property_name\":\"Bayside\\nTowers\","
                        + "\"asking_rent\":null,\"latitude\":null,\"is_available\":false}\n");
    }

    @Test
    void an_empty_report_is_an_empty_file() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonlReportWriter(out, COLUMNS).finish();

        assertThat(out.size()).isZero();
    }
}
