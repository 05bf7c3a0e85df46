package dev.bulkexport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft broker inside the test JVM, on a free loopback port, deleted when closed. */
public final class InJvmKafkaBroker implements KafkaBroker {
    private final KafkaClusterTestKit cluster;

    private InJvmKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InJvmKafkaBroker start() {
        try {
            // A directory of our own: the test kit's default one is deleted by a shutdown hook of its own, which
            // at JVM exit may run while the broker still writes there, and a broker without its log directory
            // halts the JVM (exit code 1). Closing the cluster deletes it.
            Path dir = Files.createTempDirectory("kafka-");
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(dir)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            InJvmKafkaBroker broker = new InJvmKafkaBroker(cluster);
            broker.createTopics();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
