package dev.bulkexport.common.report;

import static dev.bulkexport.common.report.ColumnType.BOOLEAN;
import static dev.bulkexport.common.report.ColumnType.DATE;
import static dev.bulkexport.common.report.ColumnType.INTEGER;
import static dev.bulkexport.common.report.ColumnType.STRING;
import static dev.bulkexport.common.report.ReportColumn.decimal;
import static dev.bulkexport.common.report.ReportColumn.of;

import dev.bulkexport.common.ReportType;

/** One row per unit per day: unit and floorplan details, rent, availability, concessions, lease terms. */
final class UnitsReport {
    private static final String USD = "USD per month";

    static final ReportDefinition DEFINITION = ReportDefinition.builder(ReportType.UNITS,
                    "One row per tracked unit per day in the range (days the provider has no data for are absent).")
            .column("u.property_id", of("property_id", INTEGER, "Provider's property id"))
            .column("u.id", of("unit_id", INTEGER, "Provider's unit id"))
            .column("l.date", of("date", DATE, "Day the listing describes (UTC)"))
            .column("u.property_name", of("property_name", STRING, "Marketing name of the property"))
            .column("u.unit_name", of("unit_name", STRING, "Unit name or number as marketed"))
            .column("u.floorplan_id", of("floorplan_id", INTEGER, "Provider's floorplan id, when known"))
            .column("u.floorplan_name", of("floorplan_name", STRING, "Floorplan name as marketed"))
            .column("u.bedroom_count", of("bedroom_count", INTEGER, "Bedrooms (0 for a studio)", "bedrooms"))
            .column("u.bathroom_count", decimal("bathroom_count", 3, 1, "Bathrooms (0.5 for a half bath)",
                    "bathrooms"))
            .column("u.sq_ft", of("sq_ft", INTEGER, "Interior area", "sq ft"))
            .column("u.floor", of("floor", INTEGER, "Floor the unit is on"))
            .column("u.amenities", of("amenities", STRING, "Unit amenities as advertised"))
            .column("l.asking_rent", decimal("asking_rent", 10, 2, "Asking rent for a 12-month lease", USD))
            .column("l.net_effective_rent", decimal("net_effective_rent", 10, 2, "Asking rent net of concessions", USD))
            .column("l.is_available", of("is_available", BOOLEAN, "Whether the unit is listed as available"))
            .column("l.available_date", of("available_date", DATE, "Day the unit can be moved into, when available"))
            .column("l.is_leased", of("is_leased", BOOLEAN, "Whether the unit is leased"))
            .column("l.leased_date", of("leased_date", DATE, "Day the current lease was signed, when leased"))
            .column("l.days_on_market", of("days_on_market", INTEGER, "Days listed so far, when available", "days"))
            .column("l.concession_text", of("concession_text", STRING, "Concession as advertised"))
            .column("l.concession_value", decimal("concession_value", 10, 2,
                    "Value of the concession over a 12-month lease", "USD"))
            .column("l.lease_terms", of("lease_terms", STRING,
                    "Asking rent per lease length as JSON text: months to USD per month, e.g. {\"6\": 1950.00}"))
            .column("l.last_rent_change", decimal("last_rent_change", 10, 2,
                    "Latest change of the asking rent (negative when it fell)", USD))
            .column("l.last_rent_change_date", of("last_rent_change_date", DATE, "Day of the latest rent change"))
            .from("""
                      FROM (SELECT u.*, p.property_name, f.floorplan_name
                              FROM property_data.units u
                              JOIN property_data.properties p ON p.id = u.property_id
                              LEFT JOIN property_data.floorplans f ON f.id = u.floorplan_id
                             WHERE u.property_id = ANY (?)
                             ORDER BY u.property_id, u.id) u
                     CROSS JOIN LATERAL (SELECT l.* FROM property_data.unit_daily_listings l
                                          WHERE l.unit_id = u.id AND l.date BETWEEN ? AND ?
                                          ORDER BY l.date) l
                     ORDER BY u.property_id, u.id, l.date
                    """);

    private UnitsReport() {
    }
}
