package dev.bulkexport.worker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDictionaryTest {
    /** Surefire runs in the module directory; the dictionary lives in the repository's docs/. */
    private static final Path COMMITTED = Path.of("..", "docs", "data-dictionary.md");

    @Test
    void the_committed_data_dictionary_matches_the_report_definitions() throws Exception {
        String generated = DataDictionary.render();
        if (Boolean.getBoolean("data-dictionary.write")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/data-dictionary.md is out of date: rerun this test with -Ddata-dictionary.write=true")
                .isEqualTo(generated);
    }

    @Test
    void every_report_starts_with_the_property_id_and_names_each_column_once() {
        for (ReportDefinition report : Reports.all()) {
            assertThat(report.columns().get(0).name()).isEqualTo("property_id");
            assertThat(report.columns().stream().map(ReportColumn::name)).doesNotHaveDuplicates()
                    .allMatch(name -> name.matches("[a-z0-9_]+"));
            assertThat(report.columns()).allMatch(column -> !column.description().isBlank());
        }
    }
}
