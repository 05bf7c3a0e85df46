package dev.bulkexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerRunsTest {
    private static final String JOB = "job 6a1f0c3e-2b7d-4e59-9a8c-0d4f1e2a3b4c";

    @TempDir
    Path logs;

    @Test
    void a_shard_handed_back_and_then_built_by_another_worker_ran_once_at_a_time() throws IOException {
        Map<String, Path> workers = Map.of(
                "w1", log("w1", line("10:00:01,000", JOB + " shard 2/5 started"),
                        line("10:00:03,000", JOB + " shard 2/5 handed back: its partition moved to another worker")),
                "w2", log("w2", line("10:00:03,500", JOB + " shard 2/5 started"),
                        line("10:00:05,000", JOB + ": attempt 1 failed (boom); starting again in 1000 ms"),
                        line("10:00:09,000", JOB + " shard 2/5 succeeded, 7000 rows")));

        List<WorkerRuns.Run> runs = WorkerRuns.of(workers);

        assertThat(runs).hasSize(2);
        assertThat(WorkerRuns.simultaneous(runs)).isEmpty();
    }

    @Test
    void a_shard_started_elsewhere_before_its_first_run_ended_is_reported() throws IOException {
        Map<String, Path> workers = Map.of(
                "w1", log("w1", line("10:00:01,000", JOB + " shard 2/5 started"),
                        line("10:00:08,000", JOB + " shard 2/5 succeeded, 7000 rows")),
                "w2", log("w2", line("10:00:03,500", JOB + " shard 2/5 started"),
                        line("10:00:04,000", JOB + " shard 3/5 started")));

        assertThat(WorkerRuns.simultaneous(WorkerRuns.of(workers))).singleElement().asString()
                .contains("shard 2/5").contains("w1").contains("w2");
    }

    private static String line(String time, String message) {
        return time + " INFO  [de.bu.wo.se.ExportService] (export-jobs-1) traceId=abc " + message;
    }

    private Path log(String worker, String... lines) throws IOException {
        return Files.write(logs.resolve(worker + ".log"), List.of(lines));
    }
}
