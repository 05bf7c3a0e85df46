package dev.bulkexport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs of jobs and shards that worker logs show: each from its "started" line to the line that ends it
 * (its outcome, or its hand-back), on one worker; a run without an end is open (a killed worker's).
 */
public final class WorkerRuns {
    private static final Pattern LINE = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2},\\d{3}) .*?"
            + "(job [0-9a-f-]{36}(?: shard \\d+/\\d+| closing)?) (started|succeeded|failed|cancelled|handed back)\\b");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss,SSS");

    /** One run; {@code end} null while the log shows none. */
    public record Run(String worker, String name, LocalTime start, LocalTime end) {
        boolean overlaps(Run other) {
            return (other.end == null || start.isBefore(other.end)) && (end == null || other.start.isBefore(end));
        }
    }

    private WorkerRuns() {
    }

    /** The runs in each worker's log, by worker name. */
    public static List<Run> of(Map<String, Path> logs) {
        List<Run> runs = new ArrayList<>();
        logs.forEach((worker, log) -> {
            Map<String, LocalTime> open = new HashMap<>();
            try (Stream<String> lines = Files.lines(log)) {
                lines.forEach(line -> {
                    Matcher run = LINE.matcher(line);
                    if (!run.find()) {
                        return;
                    }
                    LocalTime at = LocalTime.parse(run.group(1), TIME);
                    if (run.group(3).equals("started")) {
                        open.put(run.group(2), at);
                    } else if (open.containsKey(run.group(2))) {
                        runs.add(new Run(worker, run.group(2), open.remove(run.group(2)), at));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            open.forEach((name, start) -> runs.add(new Run(worker, name, start, null)));
        });
        return runs;
    }

    /** Pairs of runs of the same job or shard at the same time (on two workers, or twice on one). */
    public static List<String> simultaneous(List<Run> runs) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                Run a = runs.get(i);
                Run b = runs.get(j);
                if (a.name().equals(b.name()) && a.overlaps(b)) {
                    found.add(a + " and " + b);
                }
            }
        }
        return found;
    }
}
