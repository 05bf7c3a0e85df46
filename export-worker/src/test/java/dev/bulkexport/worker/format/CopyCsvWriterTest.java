package dev.bulkexport.worker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyCsvWriterTest {
    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("property_id", ColumnType.INTEGER, "id"),
            ReportColumn.of("property_name", ColumnType.STRING, "name"));

    @Test
    void copy_records_become_crlf_records_under_the_same_header_as_the_csv_writer() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyCsvWriter writer = new CopyCsvWriter(out, COLUMNS);

        long first = writer.writeRecord(bytes("7,\"Maison \"\"Élan\"\", Phase 2\"\n"), bytes("7,\"Maison \"\"Élan\"\", Phase 2\"\n").length);
        long second = writer.writeRecord(bytes("1234,\"Bayside\nTowers\"\n"), bytes("1234,\"Bayside\nTowers\"\n").length);
        writer.finish();

        assertThat(first).isEqualTo(7);
        assertThat(second).isEqualTo(1234);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "property_id,property_name\r\n"
                        + "7,\"Maison \"\"Élan\"\", Phase 2\"\r\n"
                        + "1234,\"Bayside\nTowers\"\r\n");
    }

    @Test
    void a_record_without_its_line_feed_is_refused() throws Exception {
        CopyCsvWriter writer = new CopyCsvWriter(new ByteArrayOutputStream(), COLUMNS);
        assertThatThrownBy(() -> writer.writeRecord(bytes("7,x"), 3)).isInstanceOf(IOException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
