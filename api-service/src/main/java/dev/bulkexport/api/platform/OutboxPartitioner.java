package dev.bulkexport.api.platform;

import dev.bulkexport.common.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * The outbox producer's partitioner. Shards ({@link Topics#SHARD_SUBMITTED}) go round the topic's partitions in
 * turn, so that every worker of the group is handed the same number of a job's shards: hashing their keys left
 * one of four workers with 21 shards and another with 37 (the fan-out bench). Nothing relies on a shard's
 * partition (each shard is a job of its own, the closing record only needs every shard done). Every other record
 * goes where Kafka's default partitioner puts a key (murmur2 of its bytes), which keeps each job's events in
 * order on their partition, as before.
 */
public class OutboxPartitioner implements Partitioner {
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
            Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (keyBytes == null || Topics.SHARD_SUBMITTED.equals(topic)) {
            return Math.floorMod(turns.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement(),
                    partitions);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
