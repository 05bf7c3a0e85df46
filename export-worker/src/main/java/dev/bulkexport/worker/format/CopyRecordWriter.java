package dev.bulkexport.worker.format;

import java.io.IOException;

/** A file written from the CSV records of PostgreSQL's COPY (one record per row, ending in a line feed). */
public interface CopyRecordWriter extends FormattedFile {

    /** Writes one COPY record; returns its first field as a number (the report's leading id column). */
    long writeRecord(byte[] record, int length) throws IOException;
}
