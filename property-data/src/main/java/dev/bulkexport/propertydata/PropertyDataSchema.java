package dev.bulkexport.propertydata;

import org.flywaydb.core.Flyway;

/** Creates or upgrades the {@code property_data} schema. */
public final class PropertyDataSchema {
    public static final String SCHEMA = "property_data";

    private PropertyDataSchema() {
    }

    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .locations("classpath:db/property_data")
                .load()
                .migrate();
    }
}
