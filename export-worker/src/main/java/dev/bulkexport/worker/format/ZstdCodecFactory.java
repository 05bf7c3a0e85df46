package dev.bulkexport.worker.format;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD page compression through zstd-jni directly: Parquet's own codec factories load Hadoop classes, which
 * the worker does not ship. Write-only: the worker never reads Parquet.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {
    private static final int LEVEL = 3;

    private final BytesInputCompressor compressor = new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(Zstd.compress(bytes.toByteArray(), LEVEL));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
        }
    };

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("only ZSTD is supported, not " + codec);
        }
        return compressor;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the export worker writes Parquet only");
    }

    @Override
    public void release() {
    }
}
