package dev.bulkexport.api.iceberg;

import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.common.events.ExportDestination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads a table's metadata file from the account's destination whose bucket and prefix hold it (a job's table is
 * at {@code s3://{bucket}/{prefix}/iceberg/{namespace}/{table}}), through Iceberg's S3FileIO over that destination's
 * own client; the oldest such destination when several match. Read-only. A file is read whole when it is opened,
 * so that a refusal of the customer's store surfaces there as an {@link UnreadableFileException} (which Iceberg's
 * metadata refresh does not retry) instead of in the middle of parsing.
 */
class DestinationFileIO implements FileIO {
    private final List<ExportDestination> destinations;
    private final Function<ExportDestination, S3Client> clients;
    private final Map<ExportDestination, S3FileIO> opened = new HashMap<>();

    DestinationFileIO(List<ExportDestination> destinations, Function<ExportDestination, S3Client> clients) {
        this.destinations = List.copyOf(destinations);
        this.clients = clients;
    }

    @Override
    public InputFile newInputFile(String path) {
        ExportDestination destination = holding(path);
        S3FileIO io = opened.computeIfAbsent(destination, d -> {
            S3Client client = clients.apply(d);
            // Both clients given, S3FileIO builds none of its own (its factories need the whole AWS SDK); reads of
            // a metadata file are synchronous.
            S3FileIO s3 = new S3FileIO(() -> client, () -> {
                throw new UnsupportedOperationException("no asynchronous reads");
            });
            s3.initialize(Map.of());
            return s3;
        });
        return new WholeFile(io.newInputFile(path), destination);
    }

    /** The destination whose bucket and prefix hold {@code path}; NotFoundException when none does. */
    private ExportDestination holding(String path) {
        // s3://bucket/key (or s3a://, s3n://), read as written: a key is not URI-encoded.
        int scheme = path.indexOf("://");
        String rest = scheme < 0 ? "" : path.substring(scheme + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        for (ExportDestination destination : destinations) {
            String under = (destination.prefix().isEmpty() ? "" : destination.prefix() + "/") + "iceberg/";
            if (destination.bucket().equals(bucket) && key.startsWith(under)) {
                return destination;
            }
        }
        throw new NotFoundException("No destination of this account holds %s (bucket %s): was it deleted?", path,
                bucket);
    }

    @Override
    public OutputFile newOutputFile(String path) {
        throw new UnsupportedOperationException("The catalog is read-only");
    }

    @Override
    public void deleteFile(String path) {
        throw new UnsupportedOperationException("The catalog is read-only");
    }

    @Override
    public void close() {
        opened.values().forEach(S3FileIO::close);
        opened.clear();
    }

    /**
     * A file of the customer's store that could not be read: through which destination, and the store's status and
     * error code (its own message is left out, as the destination check does), or that it did not answer.
     */
    static final class UnreadableFileException extends NotFoundException {
        UnreadableFileException(String location, ExportDestination destination, SdkException cause) {
            super(cause, "Cannot read %s with the credentials of destination %s: %s", location,
                    destination.destinationId(), answer(cause));
        }

        private static String answer(SdkException e) {
            if (e instanceof S3Exception s3) {
                String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
                return "the store answered HTTP " + s3.statusCode() + (code == null ? "" : " " + code);
            }
            CallbackUrlGuard.RefusedAddress refused = CallbackUrlGuard.RefusedAddress.among(e);
            return refused != null ? refused.getMessage() : "the store did not answer";
        }
    }

    /** The file, read into memory when opened. */
    private record WholeFile(InputFile file, ExportDestination destination) implements InputFile {
        @Override
        public SeekableInputStream newStream() {
            byte[] bytes;
            try (SeekableInputStream in = file.newStream()) {
                bytes = in.readAllBytes();
            } catch (SdkException e) {
                throw new UnreadableFileException(file.location(), destination, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new InMemoryInputFile(file.location(), bytes).newStream();
        }

        @Override
        public long getLength() {
            try {
                return file.getLength();
            } catch (SdkException e) {
                throw new UnreadableFileException(file.location(), destination, e);
            }
        }

        @Override
        public String location() {
            return file.location();
        }

        @Override
        public boolean exists() {
            try {
                return file.exists();
            } catch (SdkException e) {
                throw new UnreadableFileException(file.location(), destination, e);
            }
        }
    }
}
