package dev.bulkexport.worker.format;

import java.io.IOException;

/** Writes a report's rows in one file format. */
public interface ReportFileWriter extends FormattedFile {

    /** Writes one row; values follow the file's columns, null where the source has none. */
    void writeRow(Object[] row) throws IOException;
}
