package dev.bulkexport.common.report;

import static dev.bulkexport.common.report.ColumnType.DATE;
import static dev.bulkexport.common.report.ColumnType.DOUBLE;
import static dev.bulkexport.common.report.ColumnType.INTEGER;
import static dev.bulkexport.common.report.ColumnType.STRING;
import static dev.bulkexport.common.report.ReportColumn.decimal;
import static dev.bulkexport.common.report.ReportColumn.of;

import dev.bulkexport.common.ReportType;

/** One row per property per day: characteristics, ownership, demographics, metrics and bedroom breakdown. */
final class PropertyReport {
    private static final String USD = "USD per month";
    private static final String[][] BEDROOMS = {
        {"studio", "studios"}, {"one_bedroom", "one-bedroom units"}, {"two_bedroom", "two-bedroom units"},
        {"three_bedroom", "three-bedroom units"}, {"four_plus_bedroom", "units with four or more bedrooms"}};

    static final ReportDefinition DEFINITION = define();

    private PropertyReport() {
    }

    private static ReportDefinition define() {
        ReportDefinition.Builder report = ReportDefinition.builder(ReportType.PROPERTY,
                        "One row per property per day in the range (days the provider has no data for are absent).")
                .column("p.id", of("property_id", INTEGER, "Provider's property id"))
                .column("m.date", of("date", DATE, "Day the metrics describe (UTC)"))
                .column("p.property_name", of("property_name", STRING, "Marketing name of the property"))
                .column("p.address", of("address", STRING, "Street address"))
                .column("p.city", of("city", STRING, "City"))
                .column("p.state", of("state", STRING, "Two-letter state code"))
                .column("p.zip_code", of("zip_code", STRING, "ZIP code"))
                .column("p.latitude", of("latitude", DOUBLE, "Latitude", "degrees"))
                .column("p.longitude", of("longitude", DOUBLE, "Longitude", "degrees"))
                .column("p.market", of("market", STRING, "Market the property is tracked in"))
                .column("p.msa", of("msa", STRING, "Metropolitan statistical area"))
                .column("p.property_type", of("property_type", STRING, "Building type (Garden, Mid-Rise, ...)"))
                .column("p.property_class", of("property_class", STRING, "Quality class (A, B or C)"))
                .column("p.total_units", of("total_units", INTEGER, "Number of units in the property", "units"))
                .column("p.year_built", of("year_built", INTEGER, "Year construction finished"))
                .column("p.year_renovated", of("year_renovated", INTEGER, "Year of the last major renovation"))
                .column("p.stories", of("stories", INTEGER, "Number of stories", "stories"))
                .column("p.owner_name", of("owner_name", STRING, "Owner of the property"))
                .column("p.management_company", of("management_company", STRING, "Company managing the property"))
                .column("p.amenities", of("amenities", STRING, "Community amenities as advertised"))
                .column("p.median_household_income", of("median_household_income", INTEGER,
                        "Median household income within 3 miles", "USD per year"))
                .column("p.population_3mi", of("population_3mi", INTEGER, "Population within 3 miles", "people"))
                .column("p.median_age", decimal("median_age", 4, 1, "Median age within 3 miles", "years"))
                .column("m.asking_rent", decimal("asking_rent", 10, 2, "Average asking rent that day", USD))
                .column("m.net_effective_rent", decimal("net_effective_rent", 10, 2,
                        "Average asking rent net of concessions", USD))
                .column("m.rent_per_sq_ft", decimal("rent_per_sq_ft", 6, 2, "Average asking rent per square foot",
                        "USD per sq ft per month"))
                .column("m.occupancy_percent", decimal("occupancy_percent", 5, 2,
                        "Occupied units as a share of all units", "percent"))
                .column("m.leased_percent", decimal("leased_percent", 5, 2,
                        "Leased units (occupied or pre-leased) as a share of all units", "percent"))
                .column("m.exposure_percent", decimal("exposure_percent", 5, 2,
                        "Vacant or on-notice units not yet leased, as a share of all units", "percent"))
                .column("m.available_units", of("available_units", INTEGER, "Units listed as available", "units"))
                .column("m.concession_text", of("concession_text", STRING, "Concession as advertised"))
                .column("m.concession_value", decimal("concession_value", 10, 2,
                        "Value of the concession over a 12-month lease", "USD"))
                .column("m.concession_percent", decimal("concession_percent", 5, 2,
                        "Concession value as a share of a year's asking rent", "percent"))
                .column("m.days_on_market", of("days_on_market", INTEGER,
                        "Average days the available units have been listed", "days"));
        for (String[] bedroom : BEDROOMS) {
            String prefix = bedroom[0];
            String kind = bedroom[1];
            report.column("m." + prefix + "_asking_rent", decimal(prefix + "_asking_rent", 10, 2,
                            "Average asking rent of " + kind, USD))
                    .column("m." + prefix + "_net_effective_rent", decimal(prefix + "_net_effective_rent", 10, 2,
                            "Average net effective rent of " + kind, USD))
                    .column("m." + prefix + "_available_units", of(prefix + "_available_units", INTEGER,
                            "Available " + kind, "units"))
                    .column("m." + prefix + "_days_on_market", of(prefix + "_days_on_market", INTEGER,
                            "Average days on market of available " + kind, "days"));
        }
        return report.from("""
                  FROM property_data.property_daily_metrics m
                  JOIN property_data.properties p ON p.id = m.property_id
                 WHERE m.property_id = ANY (?) AND m.date BETWEEN ? AND ?
                 ORDER BY m.property_id, m.date
                """);
    }
}
