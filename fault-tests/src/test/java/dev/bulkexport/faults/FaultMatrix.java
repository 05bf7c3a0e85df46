package dev.bulkexport.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The suite's result: one row per scenario, printed as a table at the end. */
final class FaultMatrix {
    /**
     * What one scenario showed. {@code lost}: accepted jobs the API no longer knows; {@code stuck}: not terminal
     * in time; {@code wrongState}: terminal but not the status it should have; {@code corrupt}: a succeeded
     * job's file whose size or SHA-256 differs from its result; {@code webhooksMissing}: an outcome without a
     * delivered webhook under its stable id; {@code conflicting}: deliveries for a job under another id or
     * outcome; {@code redelivered}: extra deliveries of an id already delivered (allowed: at least once);
     * {@code quotaErrors}: usage charged to a failed/cancelled job or a live job's property not charged;
     * {@code retriedRequests}: client requests that got no answer or a 5xx and were sent again;
     * {@code recoverySeconds}: from the end of the fault until the last job was terminal with its webhook.
     */
    record Row(String scenario, int jobs, int lost, int stuck, int wrongState, int corrupt, int webhooksMissing,
            int conflicting, int redelivered, int quotaErrors, int retriedRequests, long recoverySeconds,
            String note) {
        boolean clean() {
            return lost == 0 && stuck == 0 && wrongState == 0 && corrupt == 0 && webhooksMissing == 0
                    && conflicting == 0 && quotaErrors == 0;
        }
    }

    private final List<Row> rows = new CopyOnWriteArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    String table() {
        StringBuilder out = new StringBuilder("| scenario | jobs | lost | stuck | wrong state | corrupt | webhooks missing"
                + " | conflicting ids | redelivered | quota errors | retried requests | recovery s | note |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        // Scenarios run in any order; the table lists them by their number.
        for (Row row : rows.stream().sorted(java.util.Comparator.comparing(Row::scenario)).toList()) {
            out.append("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n".formatted(row.scenario(),
                    row.jobs(), row.lost(), row.stuck(), row.wrongState(), row.corrupt(), row.webhooksMissing(),
                    row.conflicting(), row.redelivered(), row.quotaErrors(), row.retriedRequests(),
                    row.recoverySeconds(), row.note()));
        }
        return out.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
