package dev.bulkexport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private static String resource(String file) throws IOException {
        try (InputStream in = ConsoleFilesTest.class.getResourceAsStream("/META-INF/resources/console/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
