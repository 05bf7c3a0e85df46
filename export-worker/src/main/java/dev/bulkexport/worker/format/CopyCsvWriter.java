package dev.bulkexport.worker.format;

import dev.bulkexport.worker.report.ReportColumn;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the CSV records PostgreSQL's COPY produces (one per row, ending in a line feed) as our CSV: the
 * header row of {@link CsvReportWriter}, and CRLF record ends as RFC 4180 has them. A line break inside a
 * quoted value stays as it is, as with {@link CsvReportWriter}.
 */
public final class CopyCsvWriter {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;

    public CopyCsvWriter(OutputStream out, List<ReportColumn> columns) throws IOException {
        this.out = new BufferedOutputStream(out, BUFFER);
        // Column names are snake_case identifiers: nothing to quote.
        this.out.write(String.join(",", columns.stream().map(ReportColumn::name).toList())
                .getBytes(StandardCharsets.UTF_8));
        this.out.write(CRLF);
    }

    /** Writes one COPY record; returns its first field as a number (the report's leading id column). */
    public long writeRecord(byte[] record, int length) throws IOException {
        if (length == 0 || record[length - 1] != '\n') {
            throw new IOException("a COPY record without its line feed");
        }
        out.write(record, 0, length - 1);
        out.write(CRLF);
        long first = 0;
        for (int i = 0; i < length && record[i] >= '0' && record[i] <= '9'; i++) {
            first = first * 10 + (record[i] - '0');
        }
        return first;
    }

    public void finish() throws IOException {
        out.flush();
    }
}
