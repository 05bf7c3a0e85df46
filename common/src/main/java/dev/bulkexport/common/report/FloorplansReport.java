package dev.bulkexport.common.report;

import static dev.bulkexport.common.report.ColumnType.DATE;
import static dev.bulkexport.common.report.ColumnType.INTEGER;
import static dev.bulkexport.common.report.ColumnType.STRING;
import static dev.bulkexport.common.report.ReportColumn.decimal;
import static dev.bulkexport.common.report.ReportColumn.of;

import dev.bulkexport.common.ReportType;

/** One row per floorplan per day: configuration, unit count, availability and pricing. */
final class FloorplansReport {
    private static final String USD = "USD per month";

    static final ReportDefinition DEFINITION = ReportDefinition.builder(ReportType.FLOORPLANS,
                    "One row per floorplan per day in the range (days the provider has no data for are absent).")
            .column("f.property_id", of("property_id", INTEGER, "Provider's property id"))
            .column("f.id", of("floorplan_id", INTEGER, "Provider's floorplan id"))
            .column("d.date", of("date", DATE, "Day the metrics describe (UTC)"))
            .column("f.property_name", of("property_name", STRING, "Marketing name of the property"))
            .column("f.floorplan_name", of("floorplan_name", STRING, "Floorplan name as marketed"))
            .column("f.bedroom_count", of("bedroom_count", INTEGER, "Bedrooms (0 for a studio)", "bedrooms"))
            .column("f.bathroom_count", decimal("bathroom_count", 3, 1, "Bathrooms (0.5 for a half bath)",
                    "bathrooms"))
            .column("f.sq_ft", of("sq_ft", INTEGER, "Typical interior area", "sq ft"))
            .column("f.unit_count", of("unit_count", INTEGER, "Units with this floorplan", "units"))
            .column("d.available_count", of("available_count", INTEGER, "Units of this floorplan listed as available",
                    "units"))
            .column("d.asking_rent_min", decimal("asking_rent_min", 10, 2, "Lowest asking rent", USD))
            .column("d.asking_rent_avg", decimal("asking_rent_avg", 10, 2, "Average asking rent", USD))
            .column("d.asking_rent_max", decimal("asking_rent_max", 10, 2, "Highest asking rent", USD))
            .column("d.net_effective_rent", decimal("net_effective_rent", 10, 2, "Average asking rent net of concessions",
                    USD))
            .column("d.rent_per_sq_ft", decimal("rent_per_sq_ft", 6, 2, "Average asking rent per square foot",
                    "USD per sq ft per month"))
            .column("d.days_on_market", of("days_on_market", INTEGER, "Average days the available units have been listed",
                    "days"))
            .column("d.unit_mix_percent", decimal("unit_mix_percent", 5, 2,
                    "This floorplan's units as a share of the property's units", "percent"))
            .from("""
                      FROM (SELECT f.*, p.property_name
                              FROM property_data.floorplans f
                              JOIN property_data.properties p ON p.id = f.property_id
                             WHERE f.property_id = ANY (?)
                             ORDER BY f.property_id, f.id) f
                     CROSS JOIN LATERAL (SELECT d.* FROM property_data.floorplan_daily_metrics d
                                          WHERE d.floorplan_id = f.id AND d.date BETWEEN ? AND ?
                                          ORDER BY d.date) d
                     ORDER BY f.property_id, f.id, d.date
                    """);

    private FloorplansReport() {
    }
}
