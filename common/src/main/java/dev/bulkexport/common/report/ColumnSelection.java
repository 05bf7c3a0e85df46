package dev.bulkexport.common.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns a job asked for ({@code fields}) out of its report's, in the order asked: the api checks a
 * create body with it and the worker writes exactly these columns. Without {@code fields}, all of them.
 */
public final class ColumnSelection {
    private final List<ReportColumn> columns;
    private final int[] indexes;

    private ColumnSelection(List<ReportColumn> columns, int[] indexes) {
        this.columns = List.copyOf(columns);
        this.indexes = indexes;
    }

    /**
     * @param fields column names in the order wanted, or null for every column of the report
     * @throws IllegalArgumentException naming the first unknown, duplicate or empty column and the rule
     */
    public static ColumnSelection of(ReportDefinition report, List<String> fields) {
        List<ReportColumn> all = report.columns();
        if (fields == null) {
            int[] every = new int[all.size()];
            for (int i = 0; i < every.length; i++) {
                every[i] = i;
            }
            return new ColumnSelection(all, every);
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields must name at least one column (or be left out for all)");
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            byName.put(all.get(i).name(), i);
        }
        List<ReportColumn> chosen = new ArrayList<>();
        int[] indexes = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("fields[" + i + "] must be a column name, not empty");
            }
            Integer index = byName.get(name);
            if (index == null) {
                throw new IllegalArgumentException("fields[" + i + "]: '" + name + "' is not a column of the "
                        + report.type().wireName() + " report (see docs/data-dictionary.md)");
            }
            if (chosen.contains(all.get(index))) {
                throw new IllegalArgumentException("fields[" + i + "]: '" + name + "' is listed twice");
            }
            chosen.add(all.get(index));
            indexes[i] = index;
        }
        return new ColumnSelection(chosen, indexes);
    }

    /** The columns to write, in file order. */
    public List<ReportColumn> columns() {
        return columns;
    }

    /** Where the i-th written column sits in the report's full row. */
    public int index(int i) {
        return indexes[i];
    }

    /** Whether the file's first column is the report's first (the property id, by which progress counts). */
    public boolean startsWithReportKey() {
        return indexes[0] == 0;
    }

    /** Whether these are all the report's columns in the report's order: rows need no projection. */
    public boolean isWholeReport(ReportDefinition report) {
        return columns.equals(report.columns());
    }

    /** Copies the chosen values of a full report row into {@code into} (of {@link #columns()}' size). */
    public Object[] project(Object[] row, Object[] into) {
        for (int i = 0; i < indexes.length; i++) {
            into[i] = row[indexes[i]];
        }
        return into;
    }
}
