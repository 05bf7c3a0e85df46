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

/**
 * RFC 4180 CSV in UTF-8 with a header row, ISO dates, plain decimals and an empty field for null. With formula
 * escaping, a text value a spreadsheet would run as a formula gets a leading {@code '} (OWASP's advice for CSV
 * injection); without it every value is written as it is.
 */
public final class CsvReportWriter implements ReportFileWriter {
    private static final int BUFFER = 64 * 1024;
    /** The first characters that make a spreadsheet read a cell as a formula. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final CSVPrinter printer;
    private final boolean escapeFormulas;

    public CsvReportWriter(OutputStream out, List<ReportColumn> columns) throws IOException {
        this(out, columns, false);
    }

    public CsvReportWriter(OutputStream out, List<ReportColumn> columns, boolean escapeFormulas) throws IOException {
        this.escapeFormulas = escapeFormulas;
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        this.printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                .setHeader(columns.stream().map(ReportColumn::name).toArray(String[]::new))
                .get());
    }

    @Override
    public void writeRow(Object[] row) throws IOException {
        for (Object value : row) {
            printer.print(value instanceof BigDecimal decimal ? decimal.toPlainString()
                    : escapeFormulas && value instanceof String text ? escaped(text) : value);
        }
        printer.println();
    }

    /** Only text can hold a formula: numbers, dates and booleans are written as they are. */
    static String escaped(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
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
