package dev.bulkexport.worker.format;

import java.io.IOException;

/** A file being written in one format: what it still holds back, and how it ends. */
public interface FormattedFile {

    /**
     * At most how many bytes written into this writer have not reached its stream yet (its buffers, a Parquet
     * row group in memory), so that a file can be ended before it passes a size limit.
     */
    long heldBytes();

    /** Writes whatever the format needs at its end and flushes; the caller closes the stream. */
    void finish() throws IOException;
}
