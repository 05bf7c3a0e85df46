package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy in its own JVM: an S3-compatible server that checks AWS v2/v4 signatures, storing objects in a
 * directory (kept across restarts).
 */
public final class S3ProxyProcess implements S3Store {
    private final JavaProcess process;
    private final int port;

    private S3ProxyProcess(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static S3ProxyProcess start(Path dir, int port, String accessKey, String secretKey) {
        Path blobs = dir.resolve("blobs");
        Path config = dir.resolve("s3proxy.conf");
        try {
            Files.createDirectories(blobs);
            Files.writeString(config, """
                    s3proxy.endpoint=http://127.0.0.1:%d
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    jclouds.provider=filesystem
                    jclouds.filesystem.basedir=%s
                    """.formatted(port, accessKey, secretKey, blobs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaProcess proxy = JavaProcess.start("s3proxy", List.of("-Xmx256m",
                "-Dlog4j2.configurationFile=" + ProjectLayout.quietLogConfig(dir),
                "-cp", ProjectLayout.componentsClasspath(), "org.gaul.s3proxy.Main", "--properties",
                config.toString()), Map.of(), dir.resolve("s3proxy.log"));
        proxy.awaitPort(port, Duration.ofSeconds(60));
        return new S3ProxyProcess(proxy, port);
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
