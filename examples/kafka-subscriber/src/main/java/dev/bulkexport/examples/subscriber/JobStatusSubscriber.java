package dev.bulkexport.examples.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one account's export jobs on its own topic {@code export.account.<account_id>.job-status}
 * (docs/asyncapi.yaml) and prints each job's outcome once: {@code OUTCOME <job_id> <status> rows=<n> sha256=<hex>}.
 *
 * <p>Delivery is at least once, so records are deduplicated by {@code event_id} (the {@code ce_id} header).
 * This example remembers the ids it has seen in memory; a real subscriber records them in its own database,
 * in the same transaction as what it does with the event, and commits the Kafka offset after that.
 *
 * <p>Environment: {@code ACCOUNT_ID} (required: the account whose topic to read), {@code KAFKA_BOOTSTRAP_SERVERS}
 * (default the local run's 127.0.0.1:19092), {@code GROUP_ID} (default {@code account.<account_id>.example}; the
 * account's credential allows groups with the prefix {@code account.<account_id>.}), and for the production
 * listener {@code KAFKA_SASL_USERNAME} / {@code KAFKA_SASL_PASSWORD} (the account's credential,
 * {@code account-<account_id>}: SCRAM-SHA-512 over TLS; {@code KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT} without
 * TLS, as the test broker).
 */
public final class JobStatusSubscriber {
    private static final Set<String> OUTCOMES = Set.of("succeeded", "failed", "cancelled");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SeenEvents seen = new SeenEvents(100_000);

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> env = System.getenv();
        String account = env.get("ACCOUNT_ID");
        if (account == null || account.isBlank()) {
            System.err.println("set ACCOUNT_ID to the account whose events to follow");
            System.exit(2);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config(env))) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                consumer.wakeup();
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            new JobStatusSubscriber().run(consumer, topic(account));
        }
    }

    /** The account's own topic. */
    static String topic(String accountId) {
        return "export.account." + accountId + ".job-status";
    }

    void run(KafkaConsumer<String, String> consumer, String topic) {
        consumer.subscribe(List.of(topic));
        System.out.println("SUBSCRIBED " + topic);
        try {
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record);
                }
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            consumer.commitSync();
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        JsonNode event;
        try {
            event = JSON.readTree(record.value());
        } catch (IOException e) {
            System.err.println("skipping a record that is not JSON at offset " + record.offset());
            return;
        }
        String eventId = header(record, "ce_id", event.path("event_id").asText());
        if (!seen.firstTime(eventId)) {
            System.out.println("DUPLICATE " + eventId);
            return;
        }
        String status = event.path("status").asText();
        if (OUTCOMES.contains(status)) {
            JsonNode result = event.path("job").path("result");
            System.out.println("OUTCOME " + record.key() + " " + status + " rows=" + result.path("row_count").asLong()
                    + " sha256=" + result.path("sha256").asText("-"));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        return header == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Properties config(Map<String, String> env) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, env.getOrDefault("GROUP_ID",
                "account." + env.get("ACCOUNT_ID") + ".example"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Offsets are committed after the records are handled (at-least-once), never in the background.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        String user = env.get("KAFKA_SASL_USERNAME");
        if (user != null) {
            config.put("security.protocol", env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
            config.put("sasl.mechanism", "SCRAM-SHA-512");
            config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + user + "\" password=\"" + env.getOrDefault("KAFKA_SASL_PASSWORD", "") + "\";");
        }
        return config;
    }
}
