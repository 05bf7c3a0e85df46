package dev.bulkexport.testsupport;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Which stack the tests start: the embedded one (the default: PostgreSQL binaries, Kafka and S3Proxy in
 * JVMs, no Docker) or, with {@code -Dstack=containers}, the same components as containers on the local
 * Docker engine through Testcontainers. The images are the local ones of docker/local/build-images.sh,
 * standing in for the official ones; {@code -Dstack.postgres-image=postgres:17.6} (and
 * {@code stack.kafka-image}, {@code stack.s3proxy-image}) picks others where a registry serves them.
 */
public final class TestStack {
    private TestStack() {
    }

    public static boolean containers() {
        return "containers".equals(System.getProperty("stack", System.getenv("STACK")));
    }

    static DockerImageName postgresImage() {
        return image("stack.postgres-image", "local/postgres:15", "postgres");
    }

    static DockerImageName kafkaImage() {
        return image("stack.kafka-image", "local/kafka:4.1.2", "apache/kafka");
    }

    static DockerImageName s3proxyImage() {
        return image("stack.s3proxy-image", "local/s3proxy:4.1.0", "andrewgaul/s3proxy");
    }

    private static DockerImageName image(String property, String local, String official) {
        return DockerImageName.parse(System.getProperty(property, local)).asCompatibleSubstituteFor(official);
    }

    /**
     * Publishes the container's port on 127.0.0.1:{@code hostPort} only (Testcontainers would publish a
     * random port on every interface). A fixed port survives a stop and start, as the embedded parts' do.
     */
    static void onLoopback(GenericContainer<?> container, int hostPort, int containerPort) {
        container.withExposedPorts(containerPort).withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                        new ExposedPort(containerPort))));
    }

    /** A host directory the container's own user may write to (its state, kept across restarts). */
    static String writableDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
