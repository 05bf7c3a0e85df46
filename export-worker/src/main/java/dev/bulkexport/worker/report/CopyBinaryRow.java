package dev.bulkexport.worker.report;

import dev.bulkexport.common.report.ColumnType;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One row of PostgreSQL's binary COPY, read in place: each field's bytes in the message that carried the row,
 * decoded only when asked, and without objects (numbers as primitives, text as UTF-8 bytes). The same instance
 * is reused for every row of a COPY: a value must be copied before the next row is parsed.
 */
public final class CopyBinaryRow {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** PostgreSQL counts days from 2000-01-01, Parquet (and Java's epoch day) from 1970-01-01. */
    private static final int POSTGRES_EPOCH_DAY = 10_957;
    private static final int NUMERIC_NEGATIVE = 0x4000;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final int[] offsets;
    private final int[] lengths;
    private byte[] data;
    private boolean headerRead;

    CopyBinaryRow(int fields) {
        this.offsets = new int[fields];
        this.lengths = new int[fields];
    }

    /**
     * Reads the next message of the COPY (PostgreSQL sends one row per message, the file header before the first
     * row and the trailer on its own); false for the trailer.
     */
    boolean parse(byte[] message) throws IOException {
        int position = 0;
        if (!headerRead) {
            if (message.length < SIGNATURE.length + 8
                    || !Arrays.equals(message, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw new IOException("not a binary COPY: no PGCOPY signature");
            }
            int extension = (int) INT.get(message, SIGNATURE.length + 4);
            position = SIGNATURE.length + 8 + extension;
            headerRead = true;
        }
        int fields = (short) SHORT.get(message, position);
        position += 2;
        if (fields == -1) {
            return false;
        }
        if (fields != offsets.length) {
            throw new IOException("a binary COPY row of " + fields + " fields, " + offsets.length + " expected");
        }
        for (int i = 0; i < fields; i++) {
            int length = (int) INT.get(message, position);
            position += 4;
            offsets[i] = position;
            lengths[i] = length;
            position += Math.max(length, 0);
        }
        if (position != message.length) {
            throw new IOException("a binary COPY message that is not one row");
        }
        data = message;
        return true;
    }

    public boolean isNull(int field) {
        return lengths[field] < 0;
    }

    /** An int4 field. */
    public int int4(int field) {
        return (int) INT.get(data, offsets[field]);
    }

    /** An int8 field. */
    public long int8(int field) {
        return (long) LONG.get(data, offsets[field]);
    }

    /** A float8 field. */
    public double float8(int field) {
        return Double.longBitsToDouble((long) LONG.get(data, offsets[field]));
    }

    /** A bool field. */
    public boolean bool(int field) {
        return data[offsets[field]] != 0;
    }

    /** A date field as days since 1970-01-01. */
    public int epochDay(int field) {
        int days = (int) INT.get(data, offsets[field]);
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
            throw new ArithmeticException("an infinite date has no day number");
        }
        return Math.addExact(days, POSTGRES_EPOCH_DAY);
    }

    /**
     * A numeric field as its unscaled value at {@code scale} (1882.20 at scale 2 is 188220). PostgreSQL sends
     * base-10000 digit groups, the weight of the first, and the sign; trailing zero groups are left out.
     *
     * @throws ArithmeticException for NaN or infinity, digits beyond the scale or more than a long holds
     */
    public long unscaled(int field, int scale) {
        int position = offsets[field];
        int groups = (short) SHORT.get(data, position);
        int weight = (short) SHORT.get(data, position + 2);
        int sign = (char) (short) SHORT.get(data, position + 4);
        if (sign != 0 && sign != NUMERIC_NEGATIVE) {
            throw new ArithmeticException("NaN or infinity in a numeric column");
        }
        long value = 0;
        for (int i = 0; i < groups; i++) {
            value = Math.addExact(Math.multiplyExact(value, 10_000L), (short) SHORT.get(data, position + 8 + 2 * i));
        }
        if (value != 0) {
            // value is the number × 10000^(groups - 1 - weight); the unscaled value is the number × 10^scale
            int exponent = scale - 4 * (groups - 1 - weight);
            if (exponent >= 0) {
                value = Math.multiplyExact(value, powerOfTen(exponent));
            } else {
                long divisor = powerOfTen(-exponent);
                if (value % divisor != 0) {
                    throw new ArithmeticException("a numeric with more digits than scale " + scale);
                }
                value /= divisor;
            }
        }
        return sign == NUMERIC_NEGATIVE ? -value : value;
    }

    /** The bytes of a field: see {@link #offset} and {@link #length}. */
    public byte[] data() {
        return data;
    }

    public int offset(int field) {
        return offsets[field];
    }

    public int length(int field) {
        return lengths[field];
    }

    /** The cast that makes a column's binary field the type its accessor reads. */
    static String cast(ColumnType type) {
        return switch (type) {
            case DATE -> "::date";
            case INTEGER -> "::int4";
            case BIGINT -> "::int8";
            case DECIMAL -> "::numeric";
            case DOUBLE -> "::float8";
            case BOOLEAN -> "::bool";
            case STRING -> "::text";
        };
    }

    private static long powerOfTen(int exponent) {
        if (exponent >= POWERS_OF_TEN.length) {
            throw new ArithmeticException("numeric out of the range of a long");
        }
        return POWERS_OF_TEN[exponent];
    }
}
