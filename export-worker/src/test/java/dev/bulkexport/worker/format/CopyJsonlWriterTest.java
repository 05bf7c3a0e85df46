package dev.bulkexport.worker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The JSONL turned from COPY records must be the JSONL the object writer makes of the same values, byte for byte. */
class CopyJsonlWriterTest {
    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("property_id", ColumnType.BIGINT, "id"),
            ReportColumn.of("as_of", ColumnType.DATE, "day"),
            ReportColumn.decimal("rent", 10, 2, "rent", "USD"),
            ReportColumn.of("beds", ColumnType.INTEGER, "beds"),
            ReportColumn.of("available", ColumnType.BOOLEAN, "flag"),
            ReportColumn.of("name", ColumnType.STRING, "name"));

    @Test
    void copy_records_become_the_jsonl_of_the_object_writer() throws Exception {
        List<Object[]> rows = List.of(
                new Object[] {7L, LocalDate.of(2024, 1, 31), new BigDecimal("1234.50"), 2, true, "Maison \"Élan\", Phase 2"},
                new Object[] {1234L, LocalDate.of(2024, 2, 29), new BigDecimal("-0.05"), 0, false, "Bayside\nTowers\\ \t\r\b\f\u0001\u001f\u007f ☃ 𝄞"},
                new Object[] {8L, null, null, null, null, null},
                new Object[] {9L, LocalDate.of(12024, 3, 1), new BigDecimal("100"), -3, true, ""},
                new Object[] {10L, LocalDate.of(-43, 3, 15), new BigDecimal("99999999.99"), 1, false, ","},
                new Object[] {11L, LocalDate.of(2024, 3, 1), new BigDecimal("1.00"), 1, false, "\"\""});

        assertThat(copied(rows, COLUMNS, false)).isEqualTo(written(rows, COLUMNS));
    }

    @Test
    void random_text_reads_the_same_both_ways() throws Exception {
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 2000; id++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.appendCodePoint(switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x30); // controls, quote, comma, backslash territory
                    case 1 -> "\",\\\n\r".charAt(random.nextInt(5));
                    case 2 -> 0x80 + random.nextInt(0x2000);
                    default -> 0x1F600 + random.nextInt(0x40);
                });
            }
            rows.add(new Object[] {id, LocalDate.ofEpochDay(random.nextInt(30000)),
                    BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 2), random.nextInt(), random.nextBoolean(),
                    random.nextInt(10) == 0 ? null : text.toString()});
        }

        assertThat(copied(rows, COLUMNS, false)).isEqualTo(written(rows, COLUMNS));
    }

    @Test
    void the_property_id_put_in_front_for_progress_is_left_out() throws Exception {
        List<ReportColumn> chosen = List.of(COLUMNS.get(5), COLUMNS.get(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyJsonlWriter writer = new CopyJsonlWriter(out, chosen, true);

        byte[] record = bytes("42,\"a, b\",12.30\n");
        assertThat(writer.writeRecord(record, record.length)).isEqualTo(42);
        writer.finish();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"a, b\",\"rent\":12.30}\n");
    }

    @Test
    void a_record_that_does_not_fit_the_columns_is_refused() throws Exception {
        CopyJsonlWriter writer = new CopyJsonlWriter(new ByteArrayOutputStream(), COLUMNS.subList(0, 2), false);
        assertThatThrownBy(() -> writer.writeRecord(bytes("7,2024-01-01"), 12)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.writeRecord(bytes("7\n"), 2)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.writeRecord(bytes("7,2024-01-01,x\n"), 15)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.writeRecord(bytes("7,\"2024-01-01\"\n"), 15)).isInstanceOf(IOException.class);
    }

    @Test
    void a_floating_point_column_is_not_taken() {
        assertThatThrownBy(() -> new CopyJsonlWriter(new ByteArrayOutputStream(),
                List.of(ReportColumn.of("latitude", ColumnType.DOUBLE, "lat")), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latitude");
    }

    private static String written(List<Object[]> rows, List<ReportColumn> columns) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonlReportWriter writer = new JsonlReportWriter(out, columns);
        for (Object[] row : rows) {
            writer.writeRow(row);
        }
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Each row as PostgreSQL's COPY (FORMAT csv) prints it, booleans cast to text, then through the writer. */
    private static String copied(List<Object[]> rows, List<ReportColumn> columns, boolean leadingKeyOnly) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyJsonlWriter writer = new CopyJsonlWriter(out, columns, leadingKeyOnly);
        for (Object[] row : rows) {
            StringBuilder record = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                record.append(i == 0 ? "" : ",").append(copyText(row[i]));
            }
            byte[] bytes = bytes(record.append('\n').toString());
            assertThat(writer.writeRecord(bytes, bytes.length)).isEqualTo((Long) row[0]);
        }
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String copyText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof LocalDate day) {
            return day.getYear() <= 0 ? String.format("%04d-%02d-%02d BC", 1 - day.getYear(), day.getMonthValue(),
                    day.getDayOfMonth()) : String.format("%04d-%02d-%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
        }
        String text = value instanceof BigDecimal number ? number.toPlainString() : value.toString();
        boolean quote = text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
