package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built project lies: the services' packaged apps and the components' classpath. */
public final class ProjectLayout {
    private ProjectLayout() {
    }

    /** The repository root: the {@code bulkexport.root} property, or the nearest parent holding the modules. */
    public static Path root() {
        String configured = System.getProperty("bulkexport.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("api-service")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root from " + Path.of("").toAbsolutePath());
    }

    /** The packaged Quarkus app of a service module. */
    public static Path serviceJar(String module) {
        Path jar = root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -DskipTests package)");
        }
        return jar;
    }

    /** Classpath of the broker and S3Proxy processes, written by the test-support build. */
    public static String componentsClasspath() {
        Path file = root().resolve("test-support/target/runtime-classpath.txt");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is missing: build first (mvn -DskipTests package)", e);
        }
    }

    /** A log4j2 configuration that keeps component processes at WARN; written next to their logs. */
    static Path quietLogConfig(Path dir) {
        Path config = dir.resolve("log4j2-warn.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, """
                    rootLogger.level = warn
                    rootLogger.appenderRef.stdout.ref = STDOUT
                    appender.stdout.type = Console
                    appender.stdout.name = STDOUT
                    appender.stdout.layout.type = PatternLayout
                    appender.stdout.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
                    """);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
