package dev.bulkexport.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and writes a real broker (by default the running @QuarkusTest's), as another service would. */
public final class KafkaRecords {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, KafkaProducer<String, String>> PRODUCERS = new ConcurrentHashMap<>();

    private KafkaRecords() {
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Every record of a topic so far: from its beginning to the end its partitions have when this is called. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(bootstrap(), topic);
    }

    /** Every record of a topic of the broker at {@code bootstrapServers} so far. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /**
     * Every record of a topic so far, read with {@code clientConfig} (the bootstrap servers and, on an
     * authenticated broker, the sign-in: {@link KafkaBroker#adminConfig()}).
     */
    public static List<ConsumerRecord<String, String>> readAll(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Acknowledged records are below the high watermark, which endOffsets reads (read_uncommitted).
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " up to " + ends + " within "
                            + READ_TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    public static void send(String topic, String key, String value) throws Exception {
        send(bootstrap(), topic, key, value);
    }

    /** Sends one record and waits until the broker acknowledged it. */
    public static void send(String bootstrapServers, String topic, String key, String value) throws Exception {
        PRODUCERS.computeIfAbsent(bootstrapServers, KafkaRecords::producer).send(new ProducerRecord<>(topic, key, value))
                .get();
    }

    /** One producer per broker for the JVM (it is thread-safe), closed when the JVM exits. */
    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new StringSerializer());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(5)), "close-producer"));
        return producer;
    }
}
