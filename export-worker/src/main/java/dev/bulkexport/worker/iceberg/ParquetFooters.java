package dev.bulkexport.worker.iceberg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Reads the footer of a stored Parquet file (its tail: the footer, its length and {@code PAR1}) through Iceberg's
 * FileIO, in one ranged read when the footer is within {@link #TAIL_BYTES}. Parquet's own file reader cannot be used:
 * its read options load Hadoop's MapReduce classes, which the worker does not ship.
 */
final class ParquetFooters {
    private static final int TAIL_BYTES = 64 * 1024;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetFooters() {
    }

    static ParquetMetadata read(InputFile file) {
        long length = file.getLength();
        try (SeekableInputStream in = file.newStream()) {
            byte[] tail = range(in, length - Math.min(TAIL_BYTES, length), (int) Math.min(TAIL_BYTES, length));
            if (tail.length < 8 + MAGIC.length
                    || !Arrays.equals(tail, tail.length - MAGIC.length, tail.length, MAGIC, 0, MAGIC.length)) {
                throw new IOException("not a Parquet file (no PAR1 at its end)");
            }
            int footerLength = ByteBuffer.wrap(tail, tail.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            long footerStart = length - 8 - footerLength;
            byte[] footer = footerLength + 8 <= tail.length
                    ? Arrays.copyOfRange(tail, tail.length - 8 - footerLength, tail.length - 8)
                    : range(in, footerStart, footerLength);
            return new ParquetMetadataConverter().readParquetMetadata(new ByteArrayInputStream(footer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of " + file.location(), e);
        }
    }

    private static byte[] range(SeekableInputStream in, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        if (in instanceof RangeReadable ranges) {
            ranges.readFully(position, bytes, 0, length);
        } else {
            in.seek(position);
            in.readNBytes(bytes, 0, length);
        }
        return bytes;
    }
}
