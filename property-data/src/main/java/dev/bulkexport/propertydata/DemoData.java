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

    public static void ensureLoaded(String jdbcUrl, String user, String password) {
        PropertyDataSchema.migrate(jdbcUrl, user, password);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM property_data.properties")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                new DemoDataGenerator(42, PROPERTIES, FIRST_DAY, DAYS, UNITS_PER_PROPERTY).load(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load demo data", e);
        }
    }
}
