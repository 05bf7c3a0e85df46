package dev.bulkexport.propertydata;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Streams rows into one table with {@code COPY ... FROM STDIN (FORMAT csv)} in chunks, so a data set of
 * millions of rows never sits in memory. A null value is an unquoted empty field; text is always quoted.
 */
final class CopyRows {
    private static final int CHUNK = 1 << 20;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);

    private CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    static CopyRows into(CopyManager manager, String table, String columns) throws SQLException {
        return new CopyRows(manager.copyIn("COPY property_data." + table + " (" + columns + ") FROM STDIN (FORMAT csv)"));
    }

    void row(Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.append(',');
            }
            if (values[i] != null) {
                buffer.append('"').append(values[i].toString().replace("\"", "\"\"")).append('"');
            }
        }
        buffer.append('\n');
        if (buffer.length() >= CHUNK) {
            flush();
        }
    }

    /** Ends the COPY and returns the number of rows it stored. */
    long finish() throws SQLException {
        try {
            flush();
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }
}
