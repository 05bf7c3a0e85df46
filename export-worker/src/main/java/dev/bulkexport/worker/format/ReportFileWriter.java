package dev.bulkexport.worker.format;

import java.io.IOException;

/** Writes a report's rows in one file format. */
public interface ReportFileWriter {

    /** Writes one row; values follow the report's columns, null where the source has none. */
    void writeRow(Object[] row) throws IOException;

    /** Writes whatever the format needs at its end and flushes; the caller closes the stream. */
    void finish() throws IOException;
}
