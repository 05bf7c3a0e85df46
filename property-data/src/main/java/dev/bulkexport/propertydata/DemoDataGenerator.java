package dev.bulkexport.propertydata;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills {@code property_data} with a deterministic data set: the same seed and sizes give the same rows.
 * Series have seasonality, a trend, missing days and concessions that come and go; some properties have no
 * units; every nullable column is sometimes null; names carry commas, quotes, newlines and non-ASCII text so
 * that every file format has something to escape. Rows are streamed with COPY, so sizes can go from a
 * handful of properties to millions of unit-days.
 */
public final class DemoDataGenerator {
    private static final String[] STREETS = {"Main St", "Oak Ave", "Harbor Blvd", "Elm St, Unit A", "Rue \"Belle\""};
    private static final String[] NAMES = {"The Alder", "Maison Élan", "Parkview, Phase 2", "The \"Lofts\"",
        "Cedar Commons", "Zürich Gardens", "Bayside\nTowers", "Sunset Flats"};
    /**
     * The markets, each with its ZIP prefix and a box around its city that every property's coordinates fall in.
     * Boston's and Hartford's ZIP codes start with 0, which a loader that guesses types turns into a number.
     */
    static final List<Market> MARKETS = List.of(
            new Market("Austin", "TX", "787", "Austin-Round Rock-San Marcos, TX", 30.20, 30.45, -97.85, -97.65),
            new Market("Denver", "CO", "802", "Denver-Aurora-Centennial, CO", 39.65, 39.80, -105.05, -104.85),
            new Market("Seattle", "WA", "981", "Seattle-Tacoma-Bellevue, WA", 47.55, 47.70, -122.40, -122.28),
            new Market("Miami", "FL", "331", "Miami-Fort Lauderdale-West Palm Beach, FL", 25.72, 25.85, -80.30,
                    -80.18),
            new Market("Boston", "MA", "021", "Boston-Cambridge-Newton, MA-NH", 42.30, 42.38, -71.12, -71.03),
            new Market("Hartford", "CT", "061", "Hartford-West Hartford-East Hartford, CT", 41.73, 41.80, -72.72,
                    -72.65));

    /** A market: its city (also the market's name), state, ZIP prefix, MSA and the box its properties are in. */
    record Market(String city, String state, String zipPrefix, String msa, double minLatitude, double maxLatitude,
            double minLongitude, double maxLongitude) {
    }

    private static final String[] TYPES = {"Garden", "Mid-Rise", "High-Rise", "Townhome"};
    private static final String[] CLASSES = {"A", "B", "C"};
    private static final String[] OWNERS = {"Blackstone Real Estate", "Équité Holdings, LLC", "\"Northwind\" REIT"};
    private static final String[] AMENITIES = {"Pool, Fitness center", "Dog park; \"Bark\" spa", "Rooftop, Café",
        "Gated\nParking"};
    private static final String[] BEDROOM_PREFIXES = {"studio", "one_bedroom", "two_bedroom", "three_bedroom",
        "four_plus_bedroom"};
    private static final double[] BEDROOM_RENT_FACTORS = {0.75, 0.9, 1.2, 1.5, 1.9};

    private final long seed;
    private final int propertyCount;
    private final LocalDate firstDay;
    private final int days;
    private final int unitsPerProperty;

    /**
     * @param unitsPerProperty most units tracked per property (capped by its total units), below 10,000
     */
    public DemoDataGenerator(long seed, int propertyCount, LocalDate firstDay, int days, int unitsPerProperty) {
        if (unitsPerProperty >= 10_000 || propertyCount > 200_000) {
            throw new IllegalArgumentException("at most 9,999 units per property and 200,000 properties");
        }
        this.seed = seed;
        this.propertyCount = propertyCount;
        this.firstDay = firstDay;
        this.days = days;
        this.unitsPerProperty = unitsPerProperty;
    }

    /** Loads the data set with COPY into an empty schema; returns the number of rows stored. */
    public long load(Connection connection) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long rows = properties(copy) + propertyDailyMetrics(copy);
        UnitDataGenerator units = new UnitDataGenerator(seed, firstDay, days);
        rows += units.floorplans(copy, layouts()) + units.floorplanDailyMetrics(copy, layouts());
        rows += units.units(copy, layouts()) + units.unitDailyListings(copy, layouts());
        return rows;
    }

    private Iterable<PropertyLayout> layouts() {
        return () -> IntStream.rangeClosed(1, propertyCount)
                .mapToObj(id -> PropertyLayout.of(seed, id, unitsPerProperty)).iterator();
    }

    private long properties(CopyManager copy) throws SQLException {
        CopyRows out = CopyRows.into(copy, "properties", "id, property_name, address, city, state, zip_code, latitude,"
                + " longitude, total_units, year_built, management_company, market, msa, property_type, property_class,"
                + " year_renovated, stories, owner_name, amenities, median_household_income, population_3mi, median_age");
        for (PropertyLayout layout : layouts()) {
            int id = layout.propertyId();
            Random random = PropertyLayout.random(seed, id, 1);
            Market market = MARKETS.get(random.nextInt(MARKETS.size()));
            int yearBuilt = 1960 + random.nextInt(64);
            out.row(id, NAMES[(id - 1) % NAMES.length] + " " + id,
                    (100 + random.nextInt(9000)) + " " + STREETS[random.nextInt(STREETS.length)],
                    market.city(), market.state(),
                    market.zipPrefix() + String.format(Locale.ROOT, "%02d", random.nextInt(100)),
                    market.minLatitude() + random.nextDouble() * (market.maxLatitude() - market.minLatitude()),
                    market.minLongitude() + random.nextDouble() * (market.maxLongitude() - market.minLongitude()),
                    layout.totalUnits(), yearBuilt,
                    id % 5 == 0 ? null : "Greystar, \"Prime\" Mgmt",
                    nullEvery(id, 1, market.city()), nullEvery(id, 2, market.msa()),
                    nullEvery(id, 3, TYPES[random.nextInt(TYPES.length)]),
                    nullEvery(id, 4, CLASSES[random.nextInt(CLASSES.length)]),
                    id % 3 == 0 ? null : yearBuilt + 5 + random.nextInt(15),
                    nullEvery(id, 5, 2 + random.nextInt(30)),
                    nullEvery(id, 6, OWNERS[random.nextInt(OWNERS.length)]),
                    nullEvery(id, 7, AMENITIES[random.nextInt(AMENITIES.length)]),
                    nullEvery(id, 0, 45_000 + random.nextInt(90_000)),
                    nullEvery(id, 1, 20_000 + random.nextInt(300_000)),
                    nullEvery(id, 2, decimal(28 + random.nextDouble() * 15, "%.1f")));
        }
        return out.finish();
    }

    private long propertyDailyMetrics(CopyManager copy) throws SQLException {
        StringBuilder columns = new StringBuilder("property_id, date, asking_rent, net_effective_rent, occupancy_percent,"
                + " available_units, concession_text, rent_per_sq_ft, leased_percent, exposure_percent, concession_value,"
                + " concession_percent, days_on_market");
        for (String prefix : BEDROOM_PREFIXES) {
            columns.append(", ").append(prefix).append("_asking_rent, ").append(prefix).append("_net_effective_rent, ")
                    .append(prefix).append("_available_units, ").append(prefix).append("_days_on_market");
        }
        CopyRows out = CopyRows.into(copy, "property_daily_metrics", columns.toString());
        Object[] row = new Object[13 + 4 * BEDROOM_PREFIXES.length];
        for (PropertyLayout layout : layouts()) {
            int id = layout.propertyId();
            Random random = PropertyLayout.random(seed, id, 2);
            for (int day = 0; day < days; day++) {
                if (random.nextInt(40) == 0) {
                    continue; // the provider misses a day now and then
                }
                LocalDate date = firstDay.plusDays(day);
                double asking = layout.baseRent() * season(date) * (1 + 0.0001 * day);
                boolean concession = (day / 30 + id) % 3 == 0;
                double occupancy = 88 + random.nextDouble() * 11;
                long available = Math.round(layout.totalUnits() * (100 - occupancy) / 100);
                row[0] = id;
                row[1] = date;
                row[2] = money(asking);
                row[3] = concession ? money(asking * 0.93) : money(asking);
                row[4] = random.nextInt(25) == 0 ? null : decimal(occupancy, "%.2f");
                row[5] = available;
                row[6] = concession ? "6 weeks free, \"limited\"" : null;
                row[7] = random.nextInt(30) == 0 ? null : decimal(asking / 850, "%.2f");
                row[8] = random.nextInt(30) == 0 ? null : decimal(Math.min(100, occupancy + 1.5), "%.2f");
                row[9] = decimal(100 - occupancy + 2, "%.2f");
                row[10] = concession ? money(asking * 0.07 * 12) : null;
                row[11] = concession ? "7.00" : null;
                row[12] = random.nextInt(30) == 0 ? null : 10 + random.nextInt(40);
                for (int b = 0; b < BEDROOM_PREFIXES.length; b++) {
                    boolean hasKind = b < layout.floorplans() || (b == 1 && layout.floorplans() == 0);
                    double rent = asking * BEDROOM_RENT_FACTORS[b];
                    row[13 + 4 * b] = hasKind ? money(rent) : null;
                    row[14 + 4 * b] = hasKind ? (concession ? money(rent * 0.93) : money(rent)) : null;
                    row[15 + 4 * b] = hasKind ? available / (b + 2) : null;
                    row[16 + 4 * b] = hasKind && random.nextInt(20) != 0 ? 5 + random.nextInt(50) : null;
                }
                out.row(row);
            }
        }
        return out.finish();
    }

    static double season(LocalDate date) {
        return 1 + 0.04 * Math.sin(2 * Math.PI * date.getDayOfYear() / 365.0);
    }

    static String money(double value) {
        return decimal(value, "%.2f");
    }

    static String decimal(double value, String format) {
        return String.format(Locale.ROOT, format, value);
    }

    /** The value, or null for every eighth property (shifted per column so each column has some nulls). */
    private static Object nullEvery(int propertyId, int column, Object value) {
        return (propertyId + column) % 8 == 0 ? null : value;
    }
}
