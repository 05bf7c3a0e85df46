package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A customer's own bucket for destination tests: a second S3Proxy with its own credentials, apart from the
 * stack's store, holding one bucket. S3Proxy keeps each bucket as a directory and each object as a file under it
 * (its filesystem provider), so the test reads what landed there without an S3 client of its own.
 */
public final class CustomerBucket implements AutoCloseable {
    public static final String ACCESS_KEY = "customer-access-key";
    public static final String SECRET_KEY = "customer-secret-key-" + java.util.UUID.randomUUID();
    public static final String BUCKET = "customer-exports";

    private final Path dir;
    private final int port;
    private final Path bucketDir;
    private S3Store store;

    private CustomerBucket(Path dir, int port, Path bucketDir) {
        this.dir = dir;
        this.port = port;
        this.bucketDir = bucketDir;
        this.store = S3Store.start(dir, port, ACCESS_KEY, SECRET_KEY);
    }

    /** Adds another (empty) bucket to the customer's store. */
    public void createBucket(String name) {
        try {
            Files.createDirectories(bucketDir.resolveSibling(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a bucket and its objects: the store answers NoSuchBucket from then on. */
    public void deleteBucket(String name) {
        try (Stream<Path> paths = Files.walk(bucketDir.resolveSibling(name))) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the customer's store on a free loopback port, its bucket created and empty, state in {@code dir}. */
    public static CustomerBucket start(Path dir) {
        Path bucket = dir.resolve("blobs").resolve(BUCKET);
        try {
            Files.createDirectories(bucket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CustomerBucket(dir, ExportStack.freePort(), bucket);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the store: every call to the bucket fails until {@link #restart}. */
    public synchronized void stop() {
        store.close();
        store = null;
    }

    /** Starts the store again on its port, with the objects it held. */
    public synchronized void restart() {
        store = S3Store.start(dir, port, ACCESS_KEY, SECRET_KEY);
    }

    /** Every object key in the bucket, sorted. */
    public List<String> keys() {
        try (Stream<Path> files = Files.walk(bucketDir)) {
            return files.filter(Files::isRegularFile).map(file -> bucketDir.relativize(file).toString()
                    .replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of an object. */
    public byte[] read(String key) {
        try {
            return Files.readAllBytes(bucketDir.resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
    }
}
