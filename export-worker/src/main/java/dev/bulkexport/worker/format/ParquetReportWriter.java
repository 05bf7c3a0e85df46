package dev.bulkexport.worker.format;

import dev.bulkexport.common.report.ReportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet with typed columns (see {@link RowWriteSupport}) and ZSTD pages, written through Parquet's own
 * writer without Hadoop at runtime. One row group is buffered at a time, so memory is bounded by the row
 * group size. An empty report is a valid file with the schema and no row group.
 */
public final class ParquetReportWriter implements ReportFileWriter {
    /** Room for the footer: the schema and, per row group, each column's metadata and statistics. */
    private static final long FOOTER_ALLOWANCE = 256 * 1024;

    private final StreamOutputFile file;
    private final ParquetWriter<Object[]> writer;

    public ParquetReportWriter(OutputStream out, List<ReportColumn> columns, long rowGroupBytes) throws IOException {
        this.file = new StreamOutputFile(out);
        this.writer = new Builder(file, new RowWriteSupport(columns))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    @Override
    public void writeRow(Object[] row) throws IOException {
        writer.write(row);
    }

    /**
     * The row group in memory, as Parquet counts it before compression (an upper bound of what it adds to the
     * file), and room for the footer.
     */
    @Override
    public long heldBytes() {
        return writer.getDataSize() - file.position() + FOOTER_ALLOWANCE;
    }

    @Override
    public void finish() throws IOException {
        writer.close(); // writes the last row group and the footer; the stream underneath stays open
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RowWriteSupport writeSupport;

        Builder(StreamOutputFile file, RowWriteSupport writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
            return writeSupport;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
            return writeSupport;
        }
    }
}
