package dev.bulkexport.propertydata;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills {@code property_data} with a deterministic data set: the same seed and sizes give the same rows.
 * Series have seasonality, a trend, missing days and concessions that come and go; names carry commas,
 * quotes and non-ASCII text so that every file format has something to escape.
 */
public final class DemoDataGenerator {
    private static final String[] STREETS = {"Main St", "Oak Ave", "Harbor Blvd", "Elm St, Unit A", "Rue \"Belle\""};
    private static final String[] NAMES = {"The Alder", "Maison Élan", "Parkview, Phase 2", "The \"Lofts\"",
        "Cedar Commons", "Zürich Gardens", "Bayside\nTowers", "Sunset Flats"};
    private static final String[][] CITIES = {
        {"Austin", "TX", "787"}, {"Denver", "CO", "802"}, {"Seattle", "WA", "981"}, {"Miami", "FL", "331"}};

    private final long seed;
    private final int propertyCount;
    private final LocalDate firstDay;
    private final int days;

    public DemoDataGenerator(long seed, int propertyCount, LocalDate firstDay, int days) {
        this.seed = seed;
        this.propertyCount = propertyCount;
        this.firstDay = firstDay;
        this.days = days;
    }

    /** Loads the data set with COPY into an empty schema; returns the number of daily rows. */
    public long load(Connection connection) throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("COPY property_data.properties FROM STDIN (FORMAT csv)", new StringReader(properties()));
        return copy.copyIn("COPY property_data.property_daily_metrics FROM STDIN (FORMAT csv, NULL '\\N')",
                new StringReader(dailyMetrics()));
    }

    private String properties() {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int id = 1; id <= propertyCount; id++) {
            String[] city = CITIES[random.nextInt(CITIES.length)];
            row(out, id, NAMES[(id - 1) % NAMES.length] + " " + id,
                    (100 + random.nextInt(9000)) + " " + STREETS[random.nextInt(STREETS.length)],
                    city[0], city[1], city[2] + String.format(Locale.ROOT, "%02d", random.nextInt(100)),
                    30 + random.nextDouble() * 15, -120 + random.nextDouble() * 40,
                    50 + random.nextInt(450), 1960 + random.nextInt(64),
                    id % 5 == 0 ? null : "Greystar, \"Prime\" Mgmt");
        }
        return out.toString();
    }

    private String dailyMetrics() {
        Random random = new Random(seed + 1);
        StringBuilder out = new StringBuilder();
        for (int id = 1; id <= propertyCount; id++) {
            double base = 1200 + random.nextInt(1500);
            int totalUnits = 50 + random.nextInt(450);
            for (int day = 0; day < days; day++) {
                if (random.nextInt(40) == 0) {
                    continue; // the provider misses a day now and then
                }
                LocalDate date = firstDay.plusDays(day);
                double season = 1 + 0.04 * Math.sin(2 * Math.PI * date.getDayOfYear() / 365.0);
                double asking = base * season * (1 + 0.0001 * day);
                boolean concession = (day / 30 + id) % 3 == 0;
                double occupancy = 88 + random.nextDouble() * 11;
                out.append(id).append(',').append(date).append(',')
                        .append(money(asking)).append(',')
                        .append(concession ? money(asking * 0.93) : money(asking)).append(',')
                        .append(random.nextInt(25) == 0 ? "\\N" : String.format(Locale.ROOT, "%.2f", occupancy)).append(',')
                        .append(Math.round(totalUnits * (100 - occupancy) / 100)).append(',')
                        .append(concession ? "\"6 weeks free, \"\"limited\"\"\"" : "\\N").append('\n');
            }
        }
        return out.toString();
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] != null) { // an unquoted empty field is NULL to COPY
                out.append('"').append(values[i].toString().replace("\"", "\"\"")).append('"');
            }
        }
        out.append('\n');
    }
}
