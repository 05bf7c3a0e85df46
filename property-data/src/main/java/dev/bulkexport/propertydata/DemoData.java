package dev.bulkexport.propertydata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Migrates {@code property_data} and loads the demo data set once, if the schema is empty. */
public final class DemoData {
    /** The demo set: 25 properties with up to 6 tracked units each, daily from this day for 730 days. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2023, 1, 1);
    public static final int PROPERTIES = 25;
    public static final int DAYS = 730;
    public static final int UNITS_PER_PROPERTY = 6;

    private DemoData() {
    }

    /**
     * Loads the demo set into an empty schema; a demo set loaded before floorplans and units existed (an
     * older local run's database) is replaced, so every report has data.
     */
    public static void ensureLoaded(String jdbcUrl, String user, String password) {
        PropertyDataSchema.migrate(jdbcUrl, user, password);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            long properties = count(connection, "properties");
            if (properties > 0 && count(connection, "floorplans") == 0) {
                connection.createStatement().execute("TRUNCATE property_data.unit_daily_listings,"
                        + " property_data.units, property_data.floorplan_daily_metrics, property_data.floorplans,"
                        + " property_data.property_daily_metrics, property_data.properties");
                properties = 0;
            }
            if (properties == 0) {
                new DemoDataGenerator(42, PROPERTIES, FIRST_DAY, DAYS, UNITS_PER_PROPERTY).load(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load demo data", e);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM property_data." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
