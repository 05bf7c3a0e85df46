package dev.bulkexport.worker.format;

import dev.bulkexport.worker.report.ReportColumn;
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
    private final ParquetWriter<Object[]> writer;

    public ParquetReportWriter(OutputStream out, List<ReportColumn> columns, long rowGroupBytes) throws IOException {
        this.writer = new Builder(new StreamOutputFile(out), new RowWriteSupport(columns))
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
