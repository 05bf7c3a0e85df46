package dev.bulkexport.worker.format;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.report.ReportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Picks the writer of an output format. */
public final class ReportFileWriters {
    private ReportFileWriters() {
    }

    /**
     * @param parquetRowGroupBytes the size a Parquet row group may reach in memory before it is written
     * @param escapeCsvFormulas whether CSV text that a spreadsheet would run as a formula gets a leading {@code '}
     */
    public static ReportFileWriter open(OutputFormat format, OutputStream out, List<ReportColumn> columns,
            long parquetRowGroupBytes, boolean escapeCsvFormulas) throws IOException {
        return switch (format) {
            case CSV -> new CsvReportWriter(out, columns, escapeCsvFormulas);
            case JSONL -> new JsonlReportWriter(out, columns);
            case PARQUET -> new ParquetReportWriter(out, columns, parquetRowGroupBytes);
        };
    }
}
