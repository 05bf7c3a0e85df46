package dev.bulkexport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the console's files hold: no inline script, and the key only ever in a bearer header. */
class ConsoleFilesTest {
    static final List<String> FILES = List.of("index.html", "console.css", "console.js", "api.js", "jobs.js",
            "create.js", "schedules.js", "destinations.js", "chart.js", "format.js");

    @Test
    void the_page_has_no_inline_script_or_event_handler_attribute() throws IOException {
        String page = resource("index.html");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find()).isFalse();
        assertThat(page).doesNotContain("http://", "https://cdn", "//cdn");
    }

    @Test
    void the_key_is_sent_only_as_a_bearer_header() throws IOException {
        for (String file : FILES) {
            String text = resource(file);
            if (!file.equals("api.js")) {
                assertThat(text).as(file).doesNotContain("sessionStorage");
            }
            assertThat(text).as(file).doesNotContainIgnoringCase("api_key=").doesNotContain("?key=");
        }
        assertThat(resource("api.js")).contains("Authorization: `Bearer ${key}`");
    }

    @Test
    void every_field_a_form_describes_points_at_help_and_error_paragraphs_that_exist_and_has_a_label()
            throws IOException {
        String page = resource("index.html");
        Matcher described = Pattern.compile(
                "<(?:input|select)\\s[^>]*?id=\"([^\"]+)\"[^>]*?aria-describedby=\"([^\"]+)\"").matcher(page);
        List<String> fields = new ArrayList<>();
        while (described.find()) {
            String id = described.group(1);
            fields.add(id);
            assertThat(page).as("label of " + id).contains("<label for=\"" + id + "\">");
            for (String paragraph : described.group(2).split("\\s+")) {
                assertThat(page).as(id + " is described by " + paragraph).contains("id=\"" + paragraph + "\"");
            }
        }
        assertThat(fields).contains("iceberg_table", "schedule-iceberg_table", "destination_id");
        assertThat(page).contains("aria-describedby=\"iceberg_table-help iceberg_table-error\"",
                "aria-describedby=\"schedule-iceberg_table-help schedule-iceberg_table-error\"");
    }

    @Test
    void both_forms_send_the_iceberg_table_and_list_it_among_their_error_fields_and_the_job_view_reads_the_snapshot()
            throws IOException {
        String create = resource("create.js");
        assertThat(create).contains("request.iceberg_table = value('iceberg_table')");
        assertThat(fieldList(create)).contains("'iceberg_table'");
        assertThat(fieldList(resource("schedules.js"))).contains("'iceberg_table'");
        assertThat(resource("jobs.js")).contains("job.result.iceberg", "snapshot.snapshot_id",
                "snapshot.metadata_location", "snapshot.table");
    }

    /** The FIELDS list of a form's script: the members whose 400s are shown next to their input. */
    private static String fieldList(String script) {
        Matcher fields = Pattern.compile("const FIELDS = \\[([^\\]]*)\\]").matcher(script);
        assertThat(fields.find()).as("FIELDS").isTrue();
        return fields.group(1);
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = ConsoleFilesTest.class.getResourceAsStream("/META-INF/resources/console/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
