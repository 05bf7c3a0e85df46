package dev.bulkexport.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The settings of a service's own Kafka Admin client: those of the connector's default configuration
 * ({@code default-kafka-broker}: bootstrap servers and the service's sign-in) that an Admin client knows, and its id.
 */
public final class KafkaAdminSettings {
    private KafkaAdminSettings() {
    }

    public static Map<String, Object> of(Map<String, Object> kafka, String clientId) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
