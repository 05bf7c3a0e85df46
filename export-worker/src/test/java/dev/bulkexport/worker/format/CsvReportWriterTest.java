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
    void with_formula_escaping_text_starting_like_a_formula_gets_a_leading_quote_and_nothing_else_changes()
            throws Exception {
        Object[][] rows = {
            {1, LocalDate.of(2024, 1, 1), "=HYPERLINK(\"http://x\")", new BigDecimal("-5.00")},
            {2, LocalDate.of(2024, 1, 2), "+1 555", new BigDecimal("1.00")},
            {3, LocalDate.of(2024, 1, 3), "-2", null},
            {4, LocalDate.of(2024, 1, 4), "@SUM(A1)", null},
            {5, LocalDate.of(2024, 1, 5), "\tTab", null},
            {6, LocalDate.of(2024, 1, 6), "The = sign, inside", null}};

        assertThat(csv(rows, true)).isEqualTo(
                "property_id,date,property_name,asking_rent\r\n"
                        + "1,2024-01-01,\"'=HYPERLINK(\"\"http://x\"\")\",-5.00\r\n"
                        + "2,2024-01-02,'+1 555,1.00\r\n"
                        + "3,2024-01-03,'-2,\r\n"
                        + "4,2024-01-04,'@SUM(A1),\r\n"
                        + "5,2024-01-05,'\tTab,\r\n"
                        + "6,2024-01-06,\"The = sign, inside\",\r\n");
    }

    @Test
    void without_formula_escaping_the_bytes_are_those_of_the_writer_without_the_option() throws Exception {
        Object[][] rows = {
            {1, LocalDate.of(2024, 1, 1), "=HYPERLINK(\"http://x\")", new BigDecimal("-5.00")},
            {2, LocalDate.of(2024, 1, 2), "@SUM(A1)", null}};
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        CsvReportWriter writer = new CsvReportWriter(plain, COLUMNS);
        for (Object[] row : rows) {
            writer.writeRow(row);
        }
        writer.finish();

        assertThat(csv(rows, false)).isEqualTo(plain.toString(StandardCharsets.UTF_8))
                .contains(",\"=HYPERLINK(", ",@SUM(A1),");
    }

    private static String csv(Object[][] rows, boolean escapeFormulas) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFileWriter writer = ReportFileWriters.open(dev.bulkexport.common.OutputFormat.CSV, out, COLUMNS, 0,
                escapeFormulas);
        for (Object[] row : rows) {
            writer.writeRow(row);
        }
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void an_empty_report_is_just_the_header() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CsvReportWriter(out, COLUMNS).finish();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("property_id,date,property_name,asking_rent\r\n");
    }
}
