package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.worker.report.CopyBinaryRow;
import dev.bulkexport.worker.report.ReportReader;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet with typed columns ({@link ParquetSchema}) and ZSTD pages, without Hadoop at runtime. Values go
 * straight into Parquet's column writers (a flat schema needs none of its record assembly); pages, statistics,
 * column indexes and the footer are Parquet's own. One row group is buffered at a time, so memory is bounded
 * by the row group size. An empty report is a valid file with the schema and no row group.
 */
public final class ParquetReportWriter implements ReportFileWriter {
    /** Room for the footer: the schema and, per row group, each column's metadata and statistics. */
    private static final long FOOTER_ALLOWANCE = 256 * 1024;
    /** Parquet's defaults (v1 pages of 1 MiB, dictionaries, statistics), as its ParquetWriter has them. */
    private static final ParquetProperties PROPERTIES = ParquetProperties.builder().build();
    /** Present values of an optional column of a flat schema: definition level 1, never repeated. */
    private static final int PRESENT = 1;

    private final List<ReportColumn> columns;
    private final MessageType schema;
    private final List<ColumnDescriptor> descriptors;
    private final ParquetFileWriter file;
    private final BytesInputCompressor compressor = new ZstdCodecFactory().getCompressor(CompressionCodecName.ZSTD);
    private final long rowGroupBytes;
    private final ColumnWriter[] writers;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private int rowGroupOrdinal;
    private long rows;
    private long rowsForNextSizeCheck;

    public ParquetReportWriter(OutputStream out, List<ReportColumn> columns, long rowGroupBytes) throws IOException {
        this(out, columns, null, rowGroupBytes);
    }

    /** A writer whose columns carry the field ids given ({@link ParquetSchema}; null: none). */
    public ParquetReportWriter(OutputStream out, List<ReportColumn> columns, int[] fieldIds, long rowGroupBytes)
            throws IOException {
        this.columns = List.copyOf(columns);
        this.schema = ParquetSchema.of(columns, fieldIds);
        this.descriptors = schema.getColumns();
        this.rowGroupBytes = rowGroupBytes;
        this.writers = new ColumnWriter[columns.size()];
        this.file = new ParquetFileWriter(new StreamOutputFile(out), schema, ParquetFileWriter.Mode.OVERWRITE,
                rowGroupBytes, 0, null, PROPERTIES);
        file.start();
        startRowGroup();
    }

    @Override
    public void writeRow(Object[] row) throws IOException {
        for (int i = 0; i < writers.length; i++) {
            Object value = row[i];
            ColumnWriter writer = writers[i];
            if (value == null) {
                writer.writeNull(0, 0);
                continue;
            }
            ReportColumn column = columns.get(i);
            switch (column.type()) {
                case DATE -> writer.write(Math.toIntExact(((LocalDate) value).toEpochDay()), 0, PRESENT);
                case INTEGER -> writer.write((int) (Integer) value, 0, PRESENT);
                case BIGINT -> writer.write((long) (Long) value, 0, PRESENT);
                case DECIMAL -> writeDecimal(writer, column, ((BigDecimal) value)
                        .setScale(column.scale(), RoundingMode.UNNECESSARY).scaleByPowerOfTen(column.scale()).longValueExact());
                case DOUBLE -> writer.write((double) (Double) value, 0, PRESENT);
                case BOOLEAN -> writer.write((boolean) (Boolean) value, 0, PRESENT);
                case STRING -> writer.write(Binary.fromString((String) value), 0, PRESENT);
                default -> throw new IllegalArgumentException("no Parquet type for " + column.type());
            }
        }
        endRow();
    }

    /**
     * Writes one row of a binary COPY whose fields from {@code first} on are this file's columns, each of the
     * type {@link ReportReader#copyBinary} casts it to. Text goes in as the row's own UTF-8 bytes (Parquet copies
     * what it keeps).
     */
    public void writeRow(CopyBinaryRow row, int first) throws IOException {
        for (int i = 0; i < writers.length; i++) {
            int field = first + i;
            ColumnWriter writer = writers[i];
            if (row.isNull(field)) {
                writer.writeNull(0, 0);
                continue;
            }
            ReportColumn column = columns.get(i);
            switch (column.type()) {
                case DATE -> writer.write(row.epochDay(field), 0, PRESENT);
                case INTEGER -> writer.write(row.int4(field), 0, PRESENT);
                case BIGINT -> writer.write(row.int8(field), 0, PRESENT);
                case DECIMAL -> writeDecimal(writer, column, row.unscaled(field, column.scale()));
                case DOUBLE -> writer.write(row.float8(field), 0, PRESENT);
                case BOOLEAN -> writer.write(row.bool(field), 0, PRESENT);
                case STRING -> writer.write(Binary.fromReusedByteArray(row.data(), row.offset(field), row.length(field)),
                        0, PRESENT);
                default -> throw new IllegalArgumentException("no Parquet type for " + column.type());
            }
        }
        endRow();
    }

    /** A decimal by its unscaled value, as INT32 or INT64 by its precision ({@link ParquetSchema}). */
    private static void writeDecimal(ColumnWriter writer, ReportColumn column, long unscaled) {
        if (ParquetSchema.intDecimal(column)) {
            writer.write(Math.toIntExact(unscaled), 0, PRESENT);
        } else {
            writer.write(unscaled, 0, PRESENT);
        }
    }

    /**
     * The row group in memory, as Parquet counts it before compression (an upper bound of what it adds to the
     * file), and room for the footer.
     */
    @Override
    public long heldBytes() {
        return store.getBufferedSize() + FOOTER_ALLOWANCE;
    }

    @Override
    public void finish() throws IOException {
        flushRowGroup();
        file.end(Map.of()); // the stream underneath stays open
    }

    private void endRow() throws IOException {
        store.endRecord();
        rows++;
        if (rows >= rowsForNextSizeCheck) {
            checkRowGroupSize();
        }
    }

    /**
     * Ends the row group when the next rows could take it past its size; otherwise schedules the next check
     * about half-way to the expected end, as Parquet's own writer does (measuring walks every column).
     */
    private void checkRowGroupSize() throws IOException {
        long size = store.getBufferedSize();
        long rowSize = Math.max(1, size / rows);
        if (size > rowGroupBytes - 2 * rowSize) {
            flushRowGroup();
            startRowGroup();
        } else {
            rowsForNextSizeCheck = Math.min(Math.max(PROPERTIES.getMinRowCountForPageSizeCheck(),
                    (rows + rowGroupBytes / rowSize) / 2), rows + PROPERTIES.getMaxRowCountForPageSizeCheck());
        }
    }

    private void startRowGroup() {
        pages = ColumnChunkPageWriteStore.builder().withCompressorProvider(column -> compressor).withSchema(schema)
                .withAllocator(PROPERTIES.getAllocator())
                .withColumnIndexTruncateLength(PROPERTIES.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(PROPERTIES.getPageWriteChecksumEnabled())
                .withRowGroupOrdinal(rowGroupOrdinal).build();
        store = PROPERTIES.newColumnWriteStore(schema, pages, pages);
        for (int i = 0; i < writers.length; i++) {
            writers[i] = store.getColumnWriter(descriptors.get(i));
        }
        rows = 0;
        rowsForNextSizeCheck = PROPERTIES.getMinRowCountForPageSizeCheck();
    }

    /** Writes the buffered rows as a row group (none when there are none) and releases the group's buffers. */
    private void flushRowGroup() throws IOException {
        try {
            if (rows > 0) {
                rowGroupOrdinal++;
                file.startBlock(rows);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
            }
        } finally {
            store.close();
            pages.close();
        }
    }
}
