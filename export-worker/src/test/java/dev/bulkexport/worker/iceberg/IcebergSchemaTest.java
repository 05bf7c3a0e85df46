package dev.bulkexport.worker.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class IcebergSchemaTest {

    /**
     * The golden file is written by hand on purpose: a table in a customer's bucket knows its columns by these ids,
     * so a column renamed, retyped or moved in the data dictionary would make every existing table read it wrong.
     * A new column goes at the end of its report and gets a new line here.
     */
    @Test
    void every_reports_columns_keep_their_iceberg_id_name_and_type() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (ReportDefinition report : Reports.all()) {
            for (Types.NestedField field : IcebergSchema.of(report, report.columns()).columns()) {
                actual.append(report.type().wireName()).append(' ').append(field.fieldId()).append(' ')
                        .append(field.name()).append(' ').append(field.type()).append(' ')
                        .append(field.isRequired() ? "required" : "optional").append('\n');
            }
        }
        try (InputStream golden = getClass().getResourceAsStream("/iceberg/report-fields.txt")) {
            assertThat(actual.toString()).as("src/test/resources/iceberg/report-fields.txt")
                    .isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_selection_keeps_each_columns_id_whatever_its_order_and_gains_the_date_it_is_partitioned_by() {
        ReportDefinition units = Reports.forType(ReportType.UNITS);
        ColumnSelection selection = ColumnSelection.of(units, List.of("asking_rent", "unit_id", "property_id"));

        assertThat(IcebergSchema.fieldIds(units, selection.columns())).containsExactly(13, 2, 1);
        Schema schema = IcebergSchema.of(units, selection.columns());
        assertThat(schema.columns()).extracting(Types.NestedField::fieldId, Types.NestedField::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "property_id"),
                        org.assertj.core.groups.Tuple.tuple(2, "unit_id"),
                        org.assertj.core.groups.Tuple.tuple(3, "date"),
                        org.assertj.core.groups.Tuple.tuple(13, "asking_rent"));
    }
}
