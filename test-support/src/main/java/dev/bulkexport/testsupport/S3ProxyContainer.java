package dev.bulkexport.testsupport;

import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/** S3Proxy (real SigV4 checks) in a container, configured as the andrewgaul/s3proxy image is. */
final class S3ProxyContainer implements S3Store {
    private static final int PORT = 80;
    private final GenericContainer<?> container;
    private final int port;

    private S3ProxyContainer(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    static S3ProxyContainer start(Path dir, int port, String accessKey, String secretKey) {
        GenericContainer<?> container = new GenericContainer<>(TestStack.s3proxyImage())
                .withEnv(Map.of("S3PROXY_ENDPOINT", "http://0.0.0.0:" + PORT, "S3PROXY_AUTHORIZATION", "aws-v2-or-v4",
                        "S3PROXY_IDENTITY", accessKey, "S3PROXY_CREDENTIAL", secretKey,
                        "JCLOUDS_PROVIDER", "filesystem", "JCLOUDS_FILESYSTEM_BASEDIR", "/data"))
                .withFileSystemBind(TestStack.writableDirectory(dir.resolve("blobs")), "/data")
                // An unsigned request is refused: it serves.
                .waitingFor(Wait.forHttp("/").forStatusCode(403));
        TestStack.onLoopback(container, port, PORT);
        container.start();
        return new S3ProxyContainer(container, port);
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        container.stop();
    }
}
