package dev.bulkexport.propertydata;

import static dev.bulkexport.propertydata.DemoDataGenerator.decimal;
import static dev.bulkexport.propertydata.DemoDataGenerator.money;
import static dev.bulkexport.propertydata.DemoDataGenerator.season;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Random;
import org.postgresql.copy.CopyManager;

/**
 * Floorplans, units and their daily series for the properties of a layout. A unit alternates between
 * leased and available; its rent moves now and then, concessions come and go, and the provider misses days.
 */
final class UnitDataGenerator {
    private static final String[] FLOORPLAN_NAMES = {"Studio \"S1\"", "A1, Corner", "B2 Été", "C3\nPenthouse", "D4"};
    private static final double[] BATHS = {1, 1, 2, 2.5, 3};
    private static final int[] SQ_FT = {480, 720, 1050, 1400, 1800};
    private static final String[] UNIT_AMENITIES = {"Balcony, Washer/Dryer", "\"Smart\" lock", "Vue sur le lac",
        "Hardwood\nfloors"};

    private final long seed;
    private final LocalDate firstDay;
    private final int days;

    UnitDataGenerator(long seed, LocalDate firstDay, int days) {
        this.seed = seed;
        this.firstDay = firstDay;
        this.days = days;
    }

    long floorplans(CopyManager copy, Iterable<PropertyLayout> layouts) throws SQLException {
        CopyRows out = CopyRows.into(copy, "floorplans",
                "id, property_id, floorplan_name, bedroom_count, bathroom_count, sq_ft, unit_count");
        for (PropertyLayout layout : layouts) {
            for (int f = 0; f < layout.floorplans(); f++) {
                int unitCount = layout.totalUnits() / layout.floorplans();
                out.row(layout.floorplanId(f), layout.propertyId(), FLOORPLAN_NAMES[f], PropertyLayout.BEDROOMS[f],
                        BATHS[f], (layout.propertyId() + f) % 6 == 0 ? null : SQ_FT[f], unitCount);
            }
        }
        return out.finish();
    }

    long floorplanDailyMetrics(CopyManager copy, Iterable<PropertyLayout> layouts) throws SQLException {
        CopyRows out = CopyRows.into(copy, "floorplan_daily_metrics", "floorplan_id, date, available_count,"
                + " asking_rent_min, asking_rent_avg, asking_rent_max, net_effective_rent, rent_per_sq_ft,"
                + " days_on_market, unit_mix_percent");
        for (PropertyLayout layout : layouts) {
            Random random = PropertyLayout.random(seed, layout.propertyId(), 3);
            for (int f = 0; f < layout.floorplans(); f++) {
                double mix = 100.0 / layout.floorplans();
                for (int day = 0; day < days; day++) {
                    if (random.nextInt(35) == 0) {
                        continue;
                    }
                    LocalDate date = firstDay.plusDays(day);
                    double avg = layout.baseRent() * (0.75 + 0.3 * f) * season(date) * (1 + 0.0001 * day);
                    boolean concession = (day / 45 + f) % 4 == 0;
                    out.row(layout.floorplanId(f), date, random.nextInt(30) == 0 ? null : random.nextInt(8),
                            money(avg * 0.95), random.nextInt(30) == 0 ? null : money(avg), money(avg * 1.06),
                            concession ? money(avg * 0.92) : money(avg),
                            random.nextInt(30) == 0 ? null : decimal(avg / SQ_FT[f], "%.2f"),
                            random.nextInt(20) == 0 ? null : 5 + random.nextInt(60), decimal(mix, "%.2f"));
                }
            }
        }
        return out.finish();
    }

    long units(CopyManager copy, Iterable<PropertyLayout> layouts) throws SQLException {
        CopyRows out = CopyRows.into(copy, "units",
                "id, property_id, floorplan_id, unit_name, bedroom_count, bathroom_count, sq_ft, floor, amenities");
        for (PropertyLayout layout : layouts) {
            Random random = PropertyLayout.random(seed, layout.propertyId(), 4);
            for (int u = 0; u < layout.units(); u++) {
                int f = layout.floorplanOfUnit(u);
                int floor = 1 + u / 12;
                out.row(layout.unitId(u), layout.propertyId(), u % 11 == 10 ? null : layout.floorplanId(f),
                        (u % 9 == 4 ? "Bâtiment B, #" : "#") + (floor * 100 + u % 12 + 1), PropertyLayout.BEDROOMS[f],
                        BATHS[f], u % 13 == 5 ? null : SQ_FT[f] + random.nextInt(60) - 30,
                        u % 17 == 7 ? null : floor,
                        random.nextInt(5) == 0 ? null : UNIT_AMENITIES[random.nextInt(UNIT_AMENITIES.length)]);
            }
        }
        return out.finish();
    }

    long unitDailyListings(CopyManager copy, Iterable<PropertyLayout> layouts) throws SQLException {
        CopyRows out = CopyRows.into(copy, "unit_daily_listings", "unit_id, date, asking_rent, net_effective_rent,"
                + " is_available, available_date, is_leased, leased_date, days_on_market, concession_text,"
                + " concession_value, lease_terms, last_rent_change, last_rent_change_date");
        Object[] row = new Object[14];
        for (PropertyLayout layout : layouts) {
            Random random = PropertyLayout.random(seed, layout.propertyId(), 5);
            for (int u = 0; u < layout.units(); u++) {
                int f = layout.floorplanOfUnit(u);
                double rent = layout.baseRent() * (0.75 + 0.3 * f) * (0.95 + random.nextDouble() * 0.1);
                boolean available = random.nextInt(8) == 0;
                LocalDate availableDate = available ? firstDay : null;
                LocalDate leasedDate = null;
                LocalDate rentChangeDate = null;
                Double rentChange = null;
                int daysOnMarket = 0;
                for (int day = 0; day < days; day++) {
                    LocalDate date = firstDay.plusDays(day);
                    if (available && random.nextInt(25) == 0) {
                        available = false;
                        leasedDate = date;
                        daysOnMarket = 0;
                    } else if (!available && random.nextInt(150) == 0) {
                        available = true;
                        availableDate = date.plusDays(30);
                    }
                    if (random.nextInt(30) == 0) {
                        double change = Math.round(rent * (random.nextDouble() * 0.06 - 0.03) * 100) / 100.0;
                        rent += change;
                        rentChange = change;
                        rentChangeDate = date;
                    }
                    daysOnMarket += available ? 1 : 0;
                    if (random.nextInt(40) == 0) {
                        continue; // a missed day
                    }
                    double asking = rent * season(date);
                    boolean concession = available && (day / 30 + u) % 3 == 0;
                    row[0] = layout.unitId(u);
                    row[1] = date;
                    row[2] = random.nextInt(50) == 0 ? null : money(asking);
                    row[3] = concession ? money(asking * 11 / 12) : money(asking);
                    row[4] = available;
                    row[5] = available ? availableDate : null;
                    row[6] = !available;
                    row[7] = available ? null : leasedDate;
                    row[8] = available ? daysOnMarket : null;
                    row[9] = concession ? "1 month free, \"12 mo\" leases" : null;
                    row[10] = concession ? money(asking) : null;
                    row[11] = random.nextInt(20) == 0 ? null
                            : "{\"6\": " + money(asking * 1.08) + ", \"12\": " + money(asking) + "}";
                    row[12] = rentChange == null ? null : money(rentChange);
                    row[13] = rentChangeDate;
                    out.row(row);
                }
            }
        }
        return out.finish();
    }
}
