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

class CsvReportWriterTest {
    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("property_id", ColumnType.INTEGER, "id"),
            ReportColumn.of("date", ColumnType.DATE, "day"),
            ReportColumn.of("property_name", ColumnType.STRING, "name"),
            ReportColumn.decimal("asking_rent", 10, 2, "rent", null));

    @Test
    void writes_rfc4180_with_header_iso_dates_plain_decimals_and_empty_fields_for_null() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvReportWriter writer = new CsvReportWriter(out, COLUMNS);

        writer.writeRow(new Object[] {7, LocalDate.of(2024, 2, 29), "Maison \"Élan\", Phase 2", new BigDecimal("1E+3")});
        writer.writeRow(new Object[] {8, LocalDate.of(2024, 3, 1), "Bayside\nTowers", null});
        writer.finish();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "property_id,date,property_name,asking_rent\r\n"
                        + "7,2024-02-29,\"Maison \"\"Élan\"\", Phase 2\",1000\r\n"
                        + "8,2024-03-01,\"Bayside\nTowers\",\r\n");
    }

    @Test
    void an_empty_report_is_just_the_header() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CsvReportWriter(out, COLUMNS).finish();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("property_id,date,property_name,asking_rent\r\n");
    }
}
