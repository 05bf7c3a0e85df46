package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns the CSV records PostgreSQL's COPY produces into the JSON Lines of {@link JsonlReportWriter}, byte for
 * byte, without decoding a value into an object: numbers and booleans (COPY'd as text) are copied as they
 * are, dates are quoted, text is unquoted from CSV and escaped as Jackson escapes it. An unquoted empty field
 * is null, a quoted one the empty string. For reports without floating-point columns (PostgreSQL prints those
 * differently from Java); the leading property id of {@link CopyCsvWriter} is handled the same way.
 */
public final class CopyJsonlWriter implements CopyRecordWriter {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    /** Output gathered here and written in large pieces (BufferedOutputStream locks on every call). */
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private final ColumnType[] types;
    /** Each row's keys, quoted and encoded once: {@code {"a":}, {@code ,"b":}, ... */
    private final byte[][] keys;
    private final boolean leadingKeyOnly;

    /**
     * @param leadingKeyOnly whether each record's first field is the property id added for progress only,
     *     not one of {@code columns}
     */
    public CopyJsonlWriter(OutputStream out, List<ReportColumn> columns, boolean leadingKeyOnly) {
        this.out = out;
        this.leadingKeyOnly = leadingKeyOnly;
        this.types = new ColumnType[columns.size()];
        this.keys = new byte[columns.size()][];
        for (int i = 0; i < types.length; i++) {
            ReportColumn column = columns.get(i);
            if (column.type() == ColumnType.DOUBLE) {
                throw new IllegalArgumentException("PostgreSQL prints " + column.name() + " differently from Java");
            }
            types[i] = column.type();
            // Column names are snake_case identifiers: nothing to escape.
            keys[i] = ((i == 0 ? "{\"" : ",\"") + column.name() + "\":").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Writes one COPY record as one line. */
    @Override
    public long writeRecord(byte[] record, int length) throws IOException {
        if (length == 0 || record[length - 1] != '\n') {
            throw new IOException("a COPY record without its line feed");
        }
        int end = length - 1;
        long first = 0;
        int at = 0;
        for (; at < end && record[at] >= '0' && record[at] <= '9'; at++) {
            first = first * 10 + (record[at] - '0');
        }
        at = leadingKeyOnly ? at + 1 : 0;
        for (int i = 0; i < types.length; i++) {
            if (at > end) {
                throw new IOException("a COPY record with fewer fields than columns");
            }
            put(keys[i]);
            at = record[at] == '"' ? writeQuoted(record, at + 1, end, types[i]) : writePlain(record, at, end, types[i]);
        }
        if (at != end + 1) {
            throw new IOException("a COPY record with more fields than columns");
        }
        put('}');
        put('\n');
        return first;
    }

    /** An unquoted field: null when empty; returns where the next field starts. */
    private int writePlain(byte[] record, int from, int end, ColumnType type) throws IOException {
        int to = from;
        while (to < end && record[to] != ',') {
            to++;
        }
        if (to == from) {
            put(NULL);
        } else if (type == ColumnType.STRING) {
            put('"');
            escape(record, from, to);
            put('"');
        } else if (type == ColumnType.DATE) {
            writeDate(record, from, to);
        } else {
            put(record, from, to - from); // an integer, a decimal in plain notation, true or false
        }
        return to + 1;
    }

    /** A quoted field (text with a comma, quote or line break, or empty text): {@code ""} is one quote. */
    private int writeQuoted(byte[] record, int from, int end, ColumnType type) throws IOException {
        if (type != ColumnType.STRING) {
            throw new IOException("a quoted " + type + " in a COPY record");
        }
        put('"');
        int run = from;
        int at = from;
        while (true) {
            if (at >= end) {
                throw new IOException("a COPY record with an unterminated quote");
            }
            if (record[at] == '"') {
                escape(record, run, at);
                if (at + 1 < end && record[at + 1] == '"') {
                    put('\\');
                    put('"');
                    at += 2;
                    run = at;
                    continue;
                }
                put('"');
                return at + 2; // past the closing quote and its comma (or the line feed)
            }
            at++;
        }
    }

    /**
     * UTF-8 text as Jackson writes it: quote and backslash escaped, control characters as short or \\u00XX
     * escapes, and a character beyond the Basic Multilingual Plane (a four-byte sequence) as the \\u escapes of
     * its two UTF-16 surrogates.
     */
    private void escape(byte[] text, int from, int to) throws IOException {
        int run = from;
        for (int i = from; i < to; i++) {
            int b = text[i];
            if ((b & 0xF8) == 0xF0 && i + 3 < to) {
                put(text, run, i - run);
                int codePoint = (b & 0x07) << 18 | (text[i + 1] & 0x3F) << 12 | (text[i + 2] & 0x3F) << 6 | text[i + 3] & 0x3F;
                putUnicodeEscape(Character.highSurrogate(codePoint));
                putUnicodeEscape(Character.lowSurrogate(codePoint));
                i += 3;
                run = i + 1;
            } else if (b >= 0 && (b < 0x20 || b == '"' || b == '\\')) {
                put(text, run, i - run);
                run = i + 1;
                put('\\');
                switch (b) {
                    case '"', '\\' -> put(b);
                    case '\b' -> put('b');
                    case '\t' -> put('t');
                    case '\f' -> put('f');
                    case '\n' -> put('n');
                    case '\r' -> put('r');
                    default -> {
                        put('u');
                        put('0');
                        put('0');
                        put(HEX[b >> 4]);
                        put(HEX[b & 0xF]);
                    }
                }
            }
        }
        put(text, run, to - run);
    }

    private void putUnicodeEscape(char c) throws IOException {
        put('\\');
        put('u');
        put(HEX[c >> 12]);
        put(HEX[c >> 8 & 0xF]);
        put(HEX[c >> 4 & 0xF]);
        put(HEX[c & 0xF]);
    }

    /**
     * PostgreSQL's ISO date is Java's for four-digit years; other years (five digits, or "BC") are written as
     * {@link LocalDate#toString} has them.
     */
    private void writeDate(byte[] record, int from, int to) throws IOException {
        put('"');
        if (to - from == 10) {
            put(record, from, 10);
        } else {
            String text = new String(record, from, to - from, StandardCharsets.US_ASCII);
            boolean bc = text.endsWith(" BC");
            String[] parts = (bc ? text.substring(0, text.length() - 3) : text).split("-");
            int year = Integer.parseInt(parts[0]);
            put(LocalDate.of(bc ? 1 - year : year, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]))
                    .toString().getBytes(StandardCharsets.US_ASCII));
        }
        put('"');
    }

    private void put(int b) throws IOException {
        if (buffered == BUFFER) {
            drain();
        }
        buffer[buffered++] = (byte) b;
    }

    private void put(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int from, int length) throws IOException {
        if (length > BUFFER - buffered) {
            drain();
            if (length > BUFFER) {
                out.write(bytes, from, length);
                return;
            }
        }
        System.arraycopy(bytes, from, buffer, buffered, length);
        buffered += length;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, buffered);
        buffered = 0;
    }

    @Override
    public long heldBytes() {
        return BUFFER;
    }

    @Override
    public void finish() throws IOException {
        drain();
        out.flush();
    }
}
