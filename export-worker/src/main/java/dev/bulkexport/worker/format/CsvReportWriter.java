package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ReportColumn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** RFC 4180 CSV in UTF-8 with a header row, ISO dates, plain decimals and an empty field for null. */
public final class CsvReportWriter implements ReportFileWriter {
    private static final int BUFFER = 64 * 1024;

    private final CSVPrinter printer;

    public CsvReportWriter(OutputStream out, List<ReportColumn> columns) throws IOException {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        this.printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                .setHeader(columns.stream().map(ReportColumn::name).toArray(String[]::new))
                .get());
    }

    @Override
    public void writeRow(Object[] row) throws IOException {
        for (Object value : row) {
            printer.print(value instanceof BigDecimal decimal ? decimal.toPlainString() : value);
        }
        printer.println();
    }

    /** Its character buffer, at up to 3 UTF-8 bytes a character. */
    @Override
    public long heldBytes() {
        return 3L * BUFFER;
    }

    @Override
    public void finish() throws IOException {
        printer.flush();
    }
}
