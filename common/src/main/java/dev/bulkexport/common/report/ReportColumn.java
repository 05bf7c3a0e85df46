package dev.bulkexport.common.report;

/**
 * One column of a report: its name in every file format, its type, what it means and its unit (null when it
 * has none). A DECIMAL column also has the precision and scale of its source (both 0 for other types). The
 * data dictionary is generated from these.
 */
public record ReportColumn(String name, ColumnType type, int precision, int scale, String description, String unit) {

    public ReportColumn {
        if ((type == ColumnType.DECIMAL) != (precision > 0)) {
            throw new IllegalArgumentException(name + ": a precision is given for DECIMAL columns only");
        }
    }

    public static ReportColumn of(String name, ColumnType type, String description) {
        return of(name, type, description, null);
    }

    public static ReportColumn of(String name, ColumnType type, String description, String unit) {
        return new ReportColumn(name, type, 0, 0, description, unit);
    }

    public static ReportColumn decimal(String name, int precision, int scale, String description, String unit) {
        return new ReportColumn(name, ColumnType.DECIMAL, precision, scale, description, unit);
    }

    /** The type as the data dictionary shows it, e.g. {@code DECIMAL(10,2)}. */
    public String typeName() {
        return type == ColumnType.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : type.name();
    }
}
