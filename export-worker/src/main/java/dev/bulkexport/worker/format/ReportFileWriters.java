package dev.bulkexport.worker.format;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.worker.report.ReportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Picks the writer of an output format. */
public final class ReportFileWriters {
    private ReportFileWriters() {
    }

    public static ReportFileWriter open(OutputFormat format, OutputStream out, List<ReportColumn> columns)
            throws IOException {
        if (format == OutputFormat.CSV) {
            return new CsvReportWriter(out, columns);
        }
        throw new UnsupportedFormatException(format);
    }

    /** An output format this worker version cannot write yet. */
    public static final class UnsupportedFormatException extends RuntimeException {
        UnsupportedFormatException(OutputFormat format) {
            super("Output format " + format.wireName() + " is not available yet");
        }
    }
}
