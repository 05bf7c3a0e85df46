package dev.bulkexport.worker.report;

/**
 * One column of a report: its name in every file format, its type, what it means and its unit (null when it
 * has none). The data dictionary is generated from these.
 */
public record ReportColumn(String name, ColumnType type, String description, String unit) {

    public static ReportColumn of(String name, ColumnType type, String description) {
        return new ReportColumn(name, type, description, null);
    }

    public static ReportColumn of(String name, ColumnType type, String description, String unit) {
        return new ReportColumn(name, type, description, unit);
    }
}
