package dev.bulkexport.deploy;

import java.util.Map;

/** How many PostgreSQL connections one pod of a service may open: its pools' maximum sizes. */
final class ConnectionPools {
    private static final Map<String, String> POOLS = Map.of(
            "quarkus.datasource.reactive.max-size", "quarkus.datasource.reactive.url",
            "quarkus.datasource.jdbc.max-size", "quarkus.datasource.jdbc.url");
    /** Quarkus' defaults when a pool's size is not set. */
    private static final int DEFAULT_SIZE = 20;

    private ConnectionPools() {
    }

    /** The pools the service configures (a URL is set), sized by the container's environment or the defaults. */
    static int perPod(ServiceConfiguration config, Map<String, String> env) {
        int total = 0;
        for (Map.Entry<String, String> pool : POOLS.entrySet()) {
            if (config.properties().containsKey(pool.getValue())) {
                String variable = pool.getKey().toUpperCase().replaceAll("[^A-Z0-9]", "_");
                String size = env.getOrDefault(variable,
                        config.properties().getProperty(pool.getKey(), String.valueOf(DEFAULT_SIZE)));
                total += Integer.parseInt(size);
            }
        }
        return total;
    }
}
