package dev.bulkexport.bench;

import java.util.ArrayList;
import java.util.List;

/** The one table the harness prints: each figure next to its baseline, the ratio and the target. */
final class ResultTable {
    private record Row(String measure, String ours, String baseline, String ratio, String target, String met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A figure with no target (context for the others). */
    void info(String measure, String ours, String baseline) {
        rows.add(new Row(measure, ours, baseline, "", "", ""));
    }

    /** A ratio that must be at least {@code min}. */
    void atLeast(String measure, String ours, String baseline, double ratio, double min) {
        rows.add(new Row(measure, ours, baseline, String.format("%.2f×", ratio), String.format("≥ %.2f×", min),
                ratio >= min ? "yes" : "**no**"));
    }

    /** A ratio, or a figure, that must be at most {@code max}. */
    void atMost(String measure, String ours, String baseline, double value, double max, String unit) {
        String shown = unit.isEmpty() ? String.format("%.2f×", value) : String.format("%.0f %s", value, unit);
        String target = unit.isEmpty() ? String.format("≤ %.2f×", max) : String.format("≤ %.0f %s", max, unit);
        rows.add(new Row(measure, ours, baseline, unit.isEmpty() ? shown : "", target,
                value <= max ? "yes" : "**no**"));
    }

    /** A row of the table that another run mode measures: its target, and where its figure is. */
    void elsewhere(String measure, String where, String target) {
        rows.add(new Row(measure, "not measured in this run", where, "", target, "see " + where));
    }

    void note(String note) {
        notes.add(note);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| measure | ours | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(String.join(" | ", row.measure(), row.ours(), row.baseline(), row.ratio(),
                    row.target(), row.met())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }
}
