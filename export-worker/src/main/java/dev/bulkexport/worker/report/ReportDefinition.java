package dev.bulkexport.worker.report;

import dev.bulkexport.common.ReportType;
import java.util.List;

/**
 * A report: its columns in file order and the query that yields them, ordered by property and date. The
 * query takes three parameters: the property ids (an array), the first day and the last day.
 */
public record ReportDefinition(ReportType type, List<ReportColumn> columns, String sql) {
}
