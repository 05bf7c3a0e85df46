package dev.bulkexport.testsupport;

import java.nio.file.Path;

/** A running S3Proxy on loopback: its own JVM, or (with {@code -Dstack=containers}) a container. */
public interface S3Store extends AutoCloseable {
    String endpoint();

    @Override
    void close();

    /** Starts S3Proxy on 127.0.0.1:{@code port}, its objects in {@code dir} (kept across restarts). */
    static S3Store start(Path dir, int port, String accessKey, String secretKey) {
        return TestStack.containers() ? S3ProxyContainer.start(dir, port, accessKey, secretKey)
                : S3ProxyProcess.start(dir, port, accessKey, secretKey);
    }
}
