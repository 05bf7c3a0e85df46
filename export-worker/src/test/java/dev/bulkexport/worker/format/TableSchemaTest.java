package dev.bulkexport.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.Reports;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_column_is_a_field_in_file_order_with_the_table_schema_type_of_its_dictionary_type() throws Exception {
        List<ReportColumn> columns = Reports.PROPERTY.columns();
        JsonNode schema = JSON.readTree(TableSchema.of(columns));

        assertThat(schema.path("fields")).hasSize(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            assertThat(schema.path("fields").get(i).path("name").asText()).isEqualTo(columns.get(i).name());
            assertThat(schema.path("fields").get(i).path("description").asText())
                    .isEqualTo(columns.get(i).description());
        }
        assertThat(typeOf(schema, "property_id")).isEqualTo("integer");
        assertThat(typeOf(schema, "date")).isEqualTo("date");
        assertThat(typeOf(schema, "zip_code")).isEqualTo("string");
        assertThat(typeOf(schema, "latitude")).isEqualTo("number");
        assertThat(typeOf(schema, "asking_rent")).isEqualTo("number");
        assertThat(schema.path("missingValues").get(0).asText()).isEmpty();
    }

    @Test
    void a_job_with_fields_gets_only_those_in_their_order() throws Exception {
        JsonNode schema = JSON.readTree(TableSchema.of(ColumnSelection.of(Reports.UNITS,
                List.of("is_available", "unit_id")).columns()));

        assertThat(schema.path("fields").findValuesAsText("name")).containsExactly("is_available", "unit_id");
        assertThat(schema.path("fields").findValuesAsText("type")).containsExactly("boolean", "integer");
    }

    private static String typeOf(JsonNode schema, String name) {
        for (JsonNode field : schema.path("fields")) {
            if (field.path("name").asText().equals(name)) {
                return field.path("type").asText();
            }
        }
        throw new AssertionError("no field " + name);
    }
}
