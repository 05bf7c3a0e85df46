package dev.bulkexport.worker;

import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.S3Store;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * S3Proxy in a process of its own (a container on the containers stack) for the worker's {@code @QuarkusTest}s:
 * one, started by the first application that needs it and stopped (its objects deleted) when the JVM exits.
 * A test receives it in a field marked {@link InjectS3Proxy}, to take S3 away and bring it back on the same
 * port with the same objects, as an outage would.
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {
    private static S3Proxy proxy;

    /** Marks the test's {@link S3Proxy} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectS3Proxy {
    }

    /** The running S3Proxy, which can be stopped and started again. */
    public static final class S3Proxy {
        private final Path dir;
        private final int port;
        private S3Store process;

        S3Proxy(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        /** Starts it, if it is not running, and waits until it listens. */
        public synchronized void start() {
            if (process == null) {
                process = S3Store.start(dir, port, ExportStack.S3_ACCESS_KEY, ExportStack.S3_SECRET_KEY);
            }
        }

        /** Stops it and waits until it is gone: connections are refused from then on. */
        public synchronized void stop() {
            if (process != null) {
                process.close();
                process = null;
            }
        }

        String endpoint() {
            return "http://127.0.0.1:" + port;
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.s3.endpoint-override", shared().endpoint(), "export.create-bucket", "true");
    }

    private static synchronized S3Proxy shared() {
        if (proxy == null) {
            try {
                proxy = new S3Proxy(Files.createTempDirectory("worker-s3proxy"), ExportStack.freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            proxy.start();
            S3Proxy started = proxy;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(started), "stop-s3proxy"));
        }
        return proxy;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(shared(), new TestInjector.AnnotatedAndMatchesType(InjectS3Proxy.class,
                S3Proxy.class));
    }

    /** S3Proxy outlives each application; the JVM's exit stops it. */
    @Override
    public void stop() {
    }

    private static void stopAndDelete(S3Proxy proxy) {
        proxy.stop();
        try (Stream<Path> files = Files.walk(proxy.dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
