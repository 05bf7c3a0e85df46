package dev.bulkexport.propertydata;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator against a real PostgreSQL: reproducible, and a larger set keeps a smaller one's properties. */
class DemoDataGeneratorTest {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("properties", "id");
        TABLES.put("property_daily_metrics", "property_id, date");
        TABLES.put("floorplans", "id");
        TABLES.put("floorplan_daily_metrics", "floorplan_id, date");
        TABLES.put("units", "id");
        TABLES.put("unit_daily_listings", "unit_id, date");
    }

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String database : List.of("first", "second", "larger", "markets")) {
                connection.createStatement().execute("CREATE DATABASE " + database);
            }
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void the_same_seed_and_sizes_give_the_same_rows_and_a_larger_set_keeps_the_smaller_ones_properties()
            throws Exception {
        load("first", 9);
        load("second", 9);
        load("larger", 14);

        for (String table : TABLES.keySet()) {
            assertThat(digest("second", table, 9)).as(table).isEqualTo(digest("first", table, 9));
            assertThat(digest("larger", table, 9)).as(table).isEqualTo(digest("first", table, 9));
        }
    }

    @Test
    void properties_without_units_missing_days_and_nulls_are_in_the_set() throws Exception {
        load("postgres", 9);
        try (Connection connection = connection("postgres")) {
            assertThat(longs(connection, "SELECT id FROM property_data.properties p WHERE NOT EXISTS"
                    + " (SELECT 1 FROM property_data.units u WHERE u.property_id = p.id) ORDER BY id"))
                    .containsExactly(3L);
            assertThat(longs(connection, "SELECT count(*) FROM property_data.property_daily_metrics"))
                    .allMatch(rows -> rows > 0 && rows < 9 * 60);
            assertThat(longs(connection, "SELECT count(*) FROM property_data.properties WHERE owner_name IS NULL"))
                    .allMatch(rows -> rows > 0);
            assertThat(longs(connection, "SELECT count(*) FROM property_data.unit_daily_listings"
                    + " WHERE leased_date IS NULL AND concession_text IS NULL AND last_rent_change IS NULL"))
                    .allMatch(rows -> rows > 0);
        }
    }

    @Test
    void every_property_lies_in_its_market_and_new_england_zip_codes_start_with_zero() throws Exception {
        // Boxes drawn around each metro area independently of the generator's (a little larger), with the
        // state and the first two digits of its ZIP codes.
        Map<String, double[]> boxes = Map.of(
                "Austin", new double[] {30.0, 30.6, -98.0, -97.5},
                "Denver", new double[] {39.5, 40.0, -105.2, -104.7},
                "Seattle", new double[] {47.4, 47.8, -122.5, -122.2},
                "Miami", new double[] {25.6, 25.95, -80.45, -80.1},
                "Boston", new double[] {42.2, 42.45, -71.2, -70.95},
                "Hartford", new double[] {41.65, 41.85, -72.8, -72.6});
        Map<String, String> stateAndZip = Map.of("Austin", "TX 78", "Denver", "CO 80", "Seattle", "WA 98",
                "Miami", "FL 33", "Boston", "MA 02", "Hartford", "CT 06");
        load("markets", 60);
        List<String> leadingZeroZips = new ArrayList<>();
        try (Connection connection = connection("markets"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, city, state, zip_code, latitude, longitude"
                        + " FROM property_data.properties ORDER BY id")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                String city = rs.getString("city");
                double[] box = boxes.get(city);
                assertThat(box).as("market of property %d: %s", rs.getLong("id"), city).isNotNull();
                assertThat(rs.getDouble("latitude")).as("latitude of property %d in %s", rs.getLong("id"), city)
                        .isBetween(box[0], box[1]);
                assertThat(rs.getDouble("longitude")).as("longitude of property %d in %s", rs.getLong("id"), city)
                        .isBetween(box[2], box[3]);
                String zip = rs.getString("zip_code");
                assertThat(rs.getString("state") + " " + zip.substring(0, 2)).isEqualTo(stateAndZip.get(city));
                assertThat(zip).matches("[0-9]{5}");
                if (zip.startsWith("0") && rs.getLong("id") <= 12) {
                    leadingZeroZips.add(zip);
                }
            }
            assertThat(rows).isEqualTo(60);
        }
        assertThat(leadingZeroZips).as("ZIP codes with a leading zero among properties 1 to 12").isNotEmpty();
    }

    private static void load(String database, int properties) throws Exception {
        String url = postgres.getJdbcUrl("postgres", database);
        PropertyDataSchema.migrate(url, "postgres", "postgres");
        try (Connection connection = connection(database)) {
            new DemoDataGenerator(42, properties, FIRST_DAY, 60, 4).load(connection);
        }
    }

    /** An md5 of the table's rows of properties 1..n, in key order. */
    private static String digest(String database, String table, int properties) throws SQLException {
        String property = switch (table) {
            case "properties" -> "id";
            case "floorplan_daily_metrics" -> "floorplan_id / 100";
            case "unit_daily_listings" -> "unit_id / 10000";
            default -> "property_id";
        };
        try (Connection connection = connection(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT md5(string_agg(t::text, '|' ORDER BY "
                        + TABLES.get(table) + ")) FROM property_data." + table + " t WHERE " + property + " <= "
                        + properties)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connection(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    private static List<Long> longs(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }
}
