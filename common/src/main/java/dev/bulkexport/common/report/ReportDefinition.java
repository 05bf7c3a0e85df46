package dev.bulkexport.common.report;

import dev.bulkexport.common.ReportType;
import java.util.ArrayList;
import java.util.List;

/**
 * A report: what it holds, its columns in file order and the query that yields them, ordered by property
 * first. The query takes three parameters: the property ids (an array), the first day and the last day.
 * The first column is the property id (progress counts properties by it); the columns up to {@code date} are the
 * key of a row, in the query's order.
 * <p>
 * Where a report's days are a table of their own, one row per unit (or floorplan) and day, the query first
 * lists the items of the given properties with their names, in report order, then reads each item's days through
 * a {@code LATERAL} subquery ordered by day: one range scan of that table's primary key per item, and rows
 * already in report order. A shard of a fanned-out job (a few dozen properties) then costs the database its own
 * rows only. As a plain join, the planner hash-joined a parallel scan of the whole table into every shard: the 21
 * shards of a 10M-row units job cost PostgreSQL about twice one COPY of the same rows.
 */
public record ReportDefinition(ReportType type, String description, List<ReportColumn> columns, String sql) {

    /**
     * The names of the columns that tell one row from another: those up to and including {@code date}
     * ({@code property_id, date}; {@code property_id, unit_id, date}; {@code property_id, floorplan_id, date}).
     */
    public List<String> keyColumns() {
        List<String> key = new ArrayList<>();
        for (ReportColumn column : columns) {
            key.add(column.name());
            if (column.name().equals("date")) {
                return List.copyOf(key);
            }
        }
        throw new IllegalStateException("report " + type + " has no date column");
    }

    public static Builder builder(ReportType type, String description) {
        return new Builder(type, description);
    }

    /** Pairs each column with the SQL expression it is read from, so a column is defined in one place. */
    public static final class Builder {
        private final ReportType type;
        private final String description;
        private final List<ReportColumn> columns = new ArrayList<>();
        private final List<String> expressions = new ArrayList<>();

        private Builder(ReportType type, String description) {
            this.type = type;
            this.description = description;
        }

        public Builder column(String expression, ReportColumn column) {
            columns.add(column);
            expressions.add(expression);
            return this;
        }

        /** Finishes with the FROM, WHERE and ORDER BY clauses. */
        public ReportDefinition from(String fromWhereOrderBy) {
            String sql = "SELECT " + String.join(",\n       ", expressions) + "\n" + fromWhereOrderBy;
            return new ReportDefinition(type, description, List.copyOf(columns), sql);
        }
    }
}
