package dev.bulkexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static JsonNode job(String json) throws Exception {
        return ApiClient.JSON.readTree(json);
    }

    @Test
    void a_running_job_is_drawn_as_a_bar_of_its_percent_rows_and_properties() throws Exception {
        JsonNode running = job("""
                {"job_id":"j1","status":"submitted","started_at":"2026-01-01T00:00:00Z",
                 "progress":{"rows_written":12345,"properties_done":3,"properties_total":6,"percent":50}}""");
        assertThat(ProgressDisplay.bar(running))
                .isEqualTo("running [###############---------------]  50%  12,345 rows  3/6 properties");
    }

    @Test
    void a_job_no_worker_has_started_shows_as_queued_and_a_succeeded_one_as_full() throws Exception {
        assertThat(ProgressDisplay.plain(job("{\"job_id\":\"j1\",\"status\":\"submitted\"}")))
                .isEqualTo("job j1 queued 0% rows=0 properties=0/0");
        assertThat(ProgressDisplay.bar(job("{\"job_id\":\"j1\",\"status\":\"succeeded\"}"))).contains("100%")
                .startsWith("succeeded [##############################]");
    }

    @Test
    void without_a_terminal_each_change_is_one_plain_line_and_repeats_are_not_printed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        JsonNode queued = job("{\"job_id\":\"j1\",\"status\":\"submitted\"}");
        display.show(queued);
        display.show(queued);
        display.show(job("{\"job_id\":\"j1\",\"status\":\"succeeded\",\"progress\":{\"rows_written\":9}}"));
        display.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "job j1 queued 0% rows=0 properties=0/0", "job j1 succeeded 100% rows=9 properties=0/0");
    }
}
