package dev.bulkexport.worker.format;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
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
        /** The page to compress and its compressed form, reused from page to page. */
        private final PageBuffer page = new PageBuffer();
        private byte[] compressed = new byte[0];

        /**
         * The result lives in a buffer that the next page reuses: Parquet copies a compressed page before it
         * compresses another (as with Hadoop's codecs, which reuse their buffers too).
         */
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            page.reset();
            bytes.writeAllTo(page);
            int bound = Math.toIntExact(Zstd.compressBound(page.size()));
            if (compressed.length < bound) {
                compressed = new byte[bound];
            }
            long size = Zstd.compressByteArray(compressed, 0, bound, page.bytes(), 0, page.size(), LEVEL);
            if (Zstd.isError(size)) {
                throw new IOException("ZSTD could not compress a page: " + Zstd.getErrorName(size));
            }
            return BytesInput.from(compressed, 0, (int) size);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
        }
    };

    /** A byte array output stream whose array is read in place. */
    private static final class PageBuffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }

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
