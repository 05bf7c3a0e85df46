package dev.bulkexport.worker.iceberg;

import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.ReportDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A report's columns as Iceberg fields. A column's field id is its place (from 1) in the report's full column
 * list (the data dictionary's order), so a column has the same id in every job whatever {@code fields} selects,
 * and a table that gains a column later gives it the id it would have had from the start. The key columns (the
 * leading ones, up to and including {@code date}) are required; the others optional, as in the files.
 */
public final class IcebergSchema {
    /** The column the tables are partitioned by (month) and a job's period filters. */
    public static final String DATE = "date";

    private IcebergSchema() {
    }

    /** The field id of a column of the report. */
    public static int fieldId(ReportDefinition report, ReportColumn column) {
        int index = report.columns().indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(column.name() + " is not a column of the " + report.type().wireName()
                    + " report");
        }
        return index + 1;
    }

    /** The field ids of the columns, in their order. */
    public static int[] fieldIds(ReportDefinition report, List<ReportColumn> columns) {
        return columns.stream().mapToInt(column -> fieldId(report, column)).toArray();
    }

    /**
     * The table schema of a job's columns: those selected and {@code date} (the partition source), ordered by id.
     */
    public static Schema of(ReportDefinition report, List<ReportColumn> columns) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (ReportColumn column : report.columns()) {
            if (columns.contains(column) || column.name().equals(DATE)) {
                fields.add(field(report, column));
            }
        }
        return new Schema(fields);
    }

    /** The column as a field: required when it is a key column. */
    public static Types.NestedField field(ReportDefinition report, ReportColumn column) {
        int id = fieldId(report, column);
        return isKey(report, column) ? Types.NestedField.required(id, column.name(), type(column))
                : Types.NestedField.optional(id, column.name(), type(column));
    }

    /** Whether the column identifies a row (property, unit or floorplan, date): the report's leading columns. */
    static boolean isKey(ReportDefinition report, ReportColumn column) {
        return report.keyColumns().contains(column.name());
    }

    /** The Iceberg type of a column, matching the Parquet physical type the writer gives it. */
    public static Type type(ReportColumn column) {
        return switch (column.type()) {
            case DATE -> Types.DateType.get();
            case INTEGER -> Types.IntegerType.get();
            case BIGINT -> Types.LongType.get();
            case DECIMAL -> Types.DecimalType.of(column.precision(), column.scale());
            case DOUBLE -> Types.DoubleType.get();
            case BOOLEAN -> Types.BooleanType.get();
            case STRING -> Types.StringType.get();
        };
    }
}
