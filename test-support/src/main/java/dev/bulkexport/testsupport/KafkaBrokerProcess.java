package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in its own JVM, from the Apache Kafka jars. Its log directory survives
 * restarts: it is formatted only the first time.
 */
public final class KafkaBrokerProcess implements KafkaBroker {
    private final JavaProcess process;
    private final int port;

    private KafkaBrokerProcess(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBrokerProcess start(Path dir, int port, int controllerPort) {
        Path data = dir.resolve("data");
        Path properties = dir.resolve("server.properties");
        String classpath = ProjectLayout.componentsClasspath();
        String logConfig = "-Dlog4j2.configurationFile=" + ProjectLayout.quietLogConfig(dir);
        try {
            Files.createDirectories(dir);
            Files.writeString(properties, """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    log.dirs=%3$s
                    num.partitions=%4$d
                    offsets.topic.num.partitions=1
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    broker.session.timeout.ms=3000
                    broker.heartbeat.interval.ms=500
                    """.formatted(port, controllerPort, data, PARTITIONS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("kafka.log");
        if (!Files.exists(data.resolve("meta.properties"))) {
            JavaProcess format = JavaProcess.start("kafka-storage-format", List.of(logConfig, "-cp", classpath,
                    "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    properties.toString()), Map.of(), log);
            format.await(() -> Files.exists(data.resolve("meta.properties")), Duration.ofSeconds(60), "format");
            format.close();
        }
        JavaProcess broker = JavaProcess.start("kafka", List.of("-Xmx512m", logConfig, "-cp", classpath,
                "kafka.Kafka", properties.toString()), Map.of(), log);
        broker.awaitPort(port, Duration.ofSeconds(60));
        KafkaBrokerProcess started = new KafkaBrokerProcess(broker, port);
        started.createTopics();
        return started;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
