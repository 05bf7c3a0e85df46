package dev.bulkexport.bench;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.JavaProcess;
import dev.bulkexport.testsupport.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Unless {@code --s3-plain}: a second S3Proxy, on HTTPS only (as AWS speaks), serving the stack's bucket directory
 * with a self-signed certificate made by keytool. The services trust it through a trust store (JVM options),
 * the AWS CLI through {@code AWS_CA_BUNDLE}; the stack's plain-HTTP S3Proxy stays up for the comparison row.
 */
final class S3Tls implements AutoCloseable {
    private static final String PASSWORD = "bench-only";

    private final JavaProcess process;
    private final int port;
    private final Path trustStore;
    private final Path certificate;

    private S3Tls(JavaProcess process, int port, Path trustStore, Path certificate) {
        this.process = process;
        this.port = port;
        this.trustStore = trustStore;
        this.certificate = certificate;
    }

    /** Starts it before the stack: the worker creates its bucket through it at start-up. */
    static S3Tls start(Path state) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(state.resolve("s3-tls"));
        // The stack's S3Proxy stores its objects here (S3ProxyProcess): both serve the same bucket.
        Path blobs = Files.createDirectories(state.resolve("s3/blobs"));
        Path keyStore = dir.resolve("keystore.p12");
        Path certificate = dir.resolve("certificate.pem");
        Path trustStore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "s3proxy", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "7", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "s3proxy", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "s3proxy", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        int port = ExportStack.freePort();
        Path config = dir.resolve("s3proxy.conf");
        Files.writeString(config, """
                s3proxy.secure-endpoint=https://127.0.0.1:%d
                s3proxy.keystore-path=%s
                s3proxy.keystore-password=%s
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem
                jclouds.filesystem.basedir=%s
                """.formatted(port, keyStore, PASSWORD, ExportStack.S3_ACCESS_KEY, ExportStack.S3_SECRET_KEY, blobs));
        JavaProcess proxy = JavaProcess.start("s3proxy-tls", List.of("-Xmx256m", "-cp",
                ProjectLayout.componentsClasspath(), "org.gaul.s3proxy.Main", "--properties", config.toString()),
                Map.of(), state.resolve("logs/s3proxy-tls.log"));
        proxy.awaitPort(port, Duration.ofSeconds(60));
        return new S3Tls(proxy, port, trustStore, certificate);
    }

    String endpoint() {
        return "https://127.0.0.1:" + port;
    }

    /** What the services' JVMs need to trust it. */
    List<String> jvmOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** The certificate in PEM, for {@code AWS_CA_BUNDLE}. */
    Path certificate() {
        return certificate;
    }

    @Override
    public void close() {
        process.close();
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!keytool.waitFor(1, TimeUnit.MINUTES) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + command);
        }
    }
}
