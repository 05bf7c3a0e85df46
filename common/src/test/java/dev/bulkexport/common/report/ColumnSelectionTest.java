package dev.bulkexport.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnSelectionTest {

    @Test
    void without_fields_every_column_is_written_in_the_report_order() {
        ColumnSelection all = ColumnSelection.of(Reports.UNITS, null);

        assertThat(all.columns()).isEqualTo(Reports.UNITS.columns());
        assertThat(all.isWholeReport(Reports.UNITS)).isTrue();
    }

    @Test
    void fields_pick_those_columns_in_the_order_given() {
        ColumnSelection chosen = ColumnSelection.of(Reports.UNITS, List.of("asking_rent", "date", "unit_id"));
        Object[] row = Reports.UNITS.columns().stream().map(ReportColumn::name).toArray();

        assertThat(chosen.columns()).extracting(ReportColumn::name).containsExactly("asking_rent", "date", "unit_id");
        assertThat(chosen.startsWithReportKey()).isFalse();
        assertThat(Arrays.asList(chosen.project(row, new Object[3]))).containsExactly("asking_rent", "date", "unit_id");
    }

    @Test
    void an_unknown_duplicate_or_empty_column_is_refused_by_name() {
        assertThatThrownBy(() -> ColumnSelection.of(Reports.FLOORPLANS, List.of("date", "unit_id")))
                .hasMessage("fields[1]: 'unit_id' is not a column of the floorplans report (see docs/data-dictionary.md)");
        assertThatThrownBy(() -> ColumnSelection.of(Reports.PROPERTY, List.of("date", "city", "date")))
                .hasMessage("fields[2]: 'date' is listed twice");
        assertThatThrownBy(() -> ColumnSelection.of(Reports.PROPERTY, List.of("date", " ")))
                .hasMessage("fields[1] must be a column name, not empty");
        assertThatThrownBy(() -> ColumnSelection.of(Reports.PROPERTY, List.of()))
                .hasMessageStartingWith("fields must name at least one column");
    }
}
