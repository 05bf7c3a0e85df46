package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ReportColumn;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the CSV records PostgreSQL's COPY produces (one per row, ending in a line feed) as our CSV: the
 * header row of {@link CsvReportWriter}, and CRLF record ends as RFC 4180 has them. A line break inside a
 * quoted value stays as it is, as with {@link CsvReportWriter}. When the file's columns do not start with the
 * property id, the COPY puts it in front anyway (progress counts properties by it) and it is left out here.
 */
public final class CopyCsvWriter implements CopyRecordWriter {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;
    private final boolean leadingKeyOnly;

    /**
     * @param leadingKeyOnly whether each record's first field is the property id added for progress only,
     *     not one of {@code columns}
     */
    public CopyCsvWriter(OutputStream out, List<ReportColumn> columns, boolean leadingKeyOnly) throws IOException {
        this.out = new BufferedOutputStream(out, BUFFER);
        this.leadingKeyOnly = leadingKeyOnly;
        // Column names are snake_case identifiers: nothing to quote.
        this.out.write(String.join(",", columns.stream().map(ReportColumn::name).toList())
                .getBytes(StandardCharsets.UTF_8));
        this.out.write(CRLF);
    }

    public CopyCsvWriter(OutputStream out, List<ReportColumn> columns) throws IOException {
        this(out, columns, false);
    }

    @Override
    public long writeRecord(byte[] record, int length) throws IOException {
        if (length == 0 || record[length - 1] != '\n') {
            throw new IOException("a COPY record without its line feed");
        }
        long first = 0;
        int i = 0;
        for (; i < length && record[i] >= '0' && record[i] <= '9'; i++) {
            first = first * 10 + (record[i] - '0');
        }
        int from = leadingKeyOnly ? i + 1 : 0; // the id is digits only, then its comma
        out.write(record, from, length - 1 - from);
        out.write(CRLF);
        return first;
    }

    @Override
    public long heldBytes() {
        return BUFFER;
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
