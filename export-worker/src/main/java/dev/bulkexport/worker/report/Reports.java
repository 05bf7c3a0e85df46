package dev.bulkexport.worker.report;

import static dev.bulkexport.worker.report.ColumnType.DATE;
import static dev.bulkexport.worker.report.ColumnType.DECIMAL;
import static dev.bulkexport.worker.report.ColumnType.DOUBLE;
import static dev.bulkexport.worker.report.ColumnType.INTEGER;
import static dev.bulkexport.worker.report.ColumnType.STRING;
import static dev.bulkexport.worker.report.ReportColumn.of;

import dev.bulkexport.common.ReportType;
import java.util.List;

/** The reports the worker can build. */
public final class Reports {

    public static final ReportDefinition PROPERTY = new ReportDefinition(ReportType.PROPERTY, List.of(
            of("property_id", INTEGER, "Provider's property id"),
            of("date", DATE, "Day the metrics describe (UTC)"),
            of("property_name", STRING, "Marketing name of the property"),
            of("address", STRING, "Street address"),
            of("city", STRING, "City"),
            of("state", STRING, "Two-letter state code"),
            of("zip_code", STRING, "ZIP code"),
            of("latitude", DOUBLE, "Latitude", "degrees"),
            of("longitude", DOUBLE, "Longitude", "degrees"),
            of("total_units", INTEGER, "Number of units in the property", "units"),
            of("year_built", INTEGER, "Year construction finished"),
            of("management_company", STRING, "Company managing the property"),
            of("asking_rent", DECIMAL, "Average asking rent that day", "USD per month"),
            of("net_effective_rent", DECIMAL, "Average asking rent net of concessions", "USD per month"),
            of("occupancy_percent", DECIMAL, "Occupied units as a share of all units", "percent"),
            of("available_units", INTEGER, "Units listed as available", "units"),
            of("concession_text", STRING, "Concession as advertised")),
            """
            SELECT p.id, m.date, p.property_name, p.address, p.city, p.state, p.zip_code, p.latitude, p.longitude,
                   p.total_units, p.year_built, p.management_company, m.asking_rent, m.net_effective_rent,
                   m.occupancy_percent, m.available_units, m.concession_text
              FROM property_data.property_daily_metrics m
              JOIN property_data.properties p ON p.id = m.property_id
             WHERE m.property_id = ANY (?) AND m.date BETWEEN ? AND ?
             ORDER BY m.property_id, m.date
            """);

    private Reports() {
    }

    public static ReportDefinition forType(ReportType type) {
        if (type == ReportType.PROPERTY) {
            return PROPERTY;
        }
        throw new UnsupportedReportException(type);
    }

    /** A report type this worker version cannot build yet. */
    public static final class UnsupportedReportException extends RuntimeException {
        UnsupportedReportException(ReportType type) {
            super("Report type " + type.wireName() + " is not available yet");
        }
    }
}
