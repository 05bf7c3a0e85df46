package dev.bulkexport.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class OutboxPartitionerTest {
    private static final int PARTITIONS = 12;
    private static final Node BROKER = new Node(1, "localhost", 9092);

    private final OutboxPartitioner partitioner = new OutboxPartitioner();
    private final Cluster cluster = new Cluster("test", List.of(BROKER), IntStream.range(0, PARTITIONS)
            .boxed()
            .flatMap(p -> Topics.ALL.stream().map(topic -> new PartitionInfo(topic, p, BROKER, null, null)))
            .toList(), Set.of(), Set.of());

    @Test
    void a_jobs_shards_are_dealt_evenly_over_the_partitions_whatever_their_keys() {
        UUID job = UUID.randomUUID();
        Map<Integer, Integer> perPartition = new TreeMap<>();
        for (int shard = 1; shard <= 10 * PARTITIONS; shard++) {
            String key = job + "/" + shard;
            perPartition.merge(partition(Topics.SHARD_SUBMITTED, key), 1, Integer::sum);
        }
        assertThat(perPartition).hasSize(PARTITIONS).allSatisfy((partition, shards) -> assertThat(shards)
                .as("shards on partition %d", partition).isEqualTo(10));
    }

    @Test
    void every_other_topic_keeps_kafkas_keyed_partitions_so_a_jobs_events_stay_in_order() {
        for (String topic : List.of(Topics.JOB_STATUS, Topics.JOB_CANCEL_REQUESTED, Topics.WORKER_UPDATES)) {
            for (int i = 0; i < 50; i++) {
                String key = UUID.randomUUID().toString();
                int expected = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
                assertThat(partition(topic, key)).as("%s key %s", topic, key).isEqualTo(expected)
                        .isEqualTo(partition(topic, key));
            }
        }
    }

    private int partition(String topic, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return partitioner.partition(topic, key, bytes, "{}", new byte[2], cluster);
    }
}
