package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * Shows a running job's {@code progress}: a bar redrawn in place on a terminal, one plain line per change
 * otherwise (logs, CI, pipes).
 */
public final class ProgressDisplay {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private String last = "";

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A job as read while waiting for it. */
    public void show(JsonNode job) {
        String line = terminal ? bar(job) : plain(job);
        if (line.equals(last)) {
            return;
        }
        last = line;
        if (terminal) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line once the job has an outcome. */
    public void finish() {
        if (terminal && !last.isEmpty()) {
            out.println();
        }
    }

    static String bar(JsonNode job) {
        JsonNode progress = job.path("progress");
        int percent = percent(job);
        int filled = percent * WIDTH / 100;
        return String.format("%s [%s%s] %3d%%  %,d rows  %d/%d properties", state(job), "#".repeat(filled),
                "-".repeat(WIDTH - filled), percent, progress.path("rows_written").asLong(),
                progress.path("properties_done").asLong(), progress.path("properties_total").asLong());
    }

    static String plain(JsonNode job) {
        JsonNode progress = job.path("progress");
        return String.format("job %s %s %d%% rows=%d properties=%d/%d", job.path("job_id").asText(), state(job),
                percent(job), progress.path("rows_written").asLong(), progress.path("properties_done").asLong(),
                progress.path("properties_total").asLong());
    }

    /** "queued" until a worker starts the job ("submitted" covers both on the wire), then "running". */
    private static String state(JsonNode job) {
        String status = job.path("status").asText();
        if (!status.equals("submitted")) {
            return status;
        }
        return job.path("started_at").isTextual() ? "running" : "queued";
    }

    private static int percent(JsonNode job) {
        if (job.path("status").asText().equals("succeeded")) {
            return 100;
        }
        return Math.max(0, Math.min(100, job.path("progress").path("percent").asInt()));
    }
}
