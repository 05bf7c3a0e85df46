package dev.bulkexport.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The checks of the matrix, for one round: every job terminal in the status it should have, its file
 * complete, its outcome's webhook delivered under one stable webhook-id, quota consistent.
 */
final class RoundCheck {
    private final ExportStack stack;
    private final ApiClient api;
    private final Callbacks callbacks;

    RoundCheck(FaultStack system) {
        this.stack = system.stack;
        this.api = system.api;
        this.callbacks = system.callbacks;
    }

    /**
     * Waits until every job of the round is terminal with its outcome's webhook delivered (or the settle time
     * ran out), then checks each job and returns the round's row of the matrix.
     */
    FaultMatrix.Row verify(Round round, Instant healed, String note, Duration settleWithin) {
        try {
            await().atMost(settleWithin).pollInterval(Duration.ofMillis(500))
                    .until(() -> round.unfinished().isEmpty() && missingWebhooks(round).isEmpty());
        } catch (ConditionTimeoutException e) {
            System.out.println("[faults] " + round.scenario + ": not settled within " + settleWithin);
        }
        long recovery = Duration.between(healed, Instant.now()).toSeconds();
        int lost = 0;
        int stuck = 0;
        int wrong = 0;
        int corrupt = 0;
        int mostAttempts = 0;
        for (Round.Job job : round.jobs) {
            ApiClient.Answer answer = api.job(job.id);
            if (answer.status() == 404) {
                lost++;
                report(round, job, "lost: 404");
                continue;
            }
            JsonNode body = answer.body();
            String status = body.path("status").asText();
            job.seen = status;
            mostAttempts = Math.max(mostAttempts, body.at("/webhook/attempts").asInt(0));
            if (!Round.TERMINAL.contains(status)) {
                stuck++;
                report(round, job, "stuck in " + status);
                continue;
            }
            if (!status.equals(job.expected)) {
                wrong++;
                report(round, job, status + " instead of " + job.expected + ": " + body.path("error_message"));
            }
            if (status.equals("succeeded") && !fileMatches(job, body.path("result"))) {
                corrupt++;
                report(round, job, "file differs from its result " + body.path("result"));
            }
        }
        Map<String, List<Callbacks.Delivery>> deliveries = callbacks.accepted().stream()
                .collect(Collectors.groupingBy(Callbacks.Delivery::jobId));
        int conflicting = 0;
        int redelivered = 0;
        for (Round.Job job : round.jobs) {
            List<Callbacks.Delivery> mine = deliveries.getOrDefault(job.id, List.of());
            String expectedId = "msg_" + job.id + "_" + job.seen;
            if (mine.stream().anyMatch(d -> !d.webhookId().equals(expectedId)
                    || !d.type().equals("bulk_job." + job.seen))) {
                conflicting++;
                report(round, job, "webhooks " + mine);
            }
            redelivered += mine.size() - (int) mine.stream().map(Callbacks.Delivery::webhookId).distinct().count();
        }
        List<Round.Job> withoutWebhook = missingWebhooks(round);
        for (Round.Job job : withoutWebhook) {
            report(round, job, "no webhook msg_" + job.id + "_" + job.seen + " received; the job's webhook state: "
                    + api.job(job.id).body().path("webhook") + ", received for it: "
                    + deliveries.getOrDefault(job.id, List.of()));
        }
        int missing = withoutWebhook.size();
        FaultMatrix.Row row = new FaultMatrix.Row(round.scenario, round.jobs.size(), lost, stuck, wrong, corrupt,
                missing, conflicting, redelivered, quotaErrors(round), round.failedTries.get(), recovery,
                note + (mostAttempts > 1 ? "; up to " + mostAttempts + " webhook attempts per job" : ""));
        System.out.println("[faults] " + row + " mix " + round.describe());
        return row;
    }

    /** Jobs whose outcome (the terminal status the API showed) has no webhook delivered under its id. */
    private List<Round.Job> missingWebhooks(Round round) {
        List<Callbacks.Delivery> accepted = callbacks.accepted();
        return round.jobs.stream().filter(job -> accepted.stream().noneMatch(d -> d.jobId().equals(job.id)
                && d.webhookId().equals("msg_" + job.id + "_" + job.seen))).toList();
    }

    /**
     * Whether the job's file is what its result says; for a job of several files (a fanned-out job), whether
     * every file of its manifest is what the manifest says and their rows add up to the result's, so that no
     * shard is missing or counted twice.
     */
    private boolean fileMatches(Round.Job job, JsonNode result) {
        try {
            if (result.path("file_count").asInt(1) > 1) {
                JsonNode manifest = api.manifest(job.id);
                long rows = 0;
                for (JsonNode entry : manifest.path("files")) {
                    ApiClient.Download file = api.fetch(entry.path("url").asText());
                    if (file.size() != entry.path("file_size_bytes").asLong(-1)
                            || !file.sha256().equals(entry.path("sha256").asText())) {
                        System.out.println("[faults] " + job.id + ": " + entry.path("file_name") + " differs");
                        return false;
                    }
                    rows += entry.path("row_count").asLong();
                }
                return manifest.path("files").size() == result.path("file_count").asInt()
                        && rows == result.path("row_count").asLong(-1);
            }
            ApiClient.Download file = api.download(job.id);
            return file.size() == result.path("file_size_bytes").asLong(-1)
                    && file.sha256().equals(result.path("sha256").asText());
        } catch (Exception e) {
            System.out.println("[faults] cannot download " + job.id + ": " + e);
            return false;
        }
    }

    /**
     * Of the round's own jobs (so a scenario is judged alone, in any order): quota usage rows charged to a job
     * that gave its quota back (failed or cancelled), plus properties of live jobs that no usage row of their
     * month covers.
     */
    private int quotaErrors(Round round) {
        try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD)) {
            java.sql.Array ids = db.createArrayOf("uuid", round.jobs.stream().map(job -> job.id).toArray());
            return count(db, "SELECT count(*) FROM api.quota_usage q JOIN api.jobs j ON j.id = q.job_id"
                    + " WHERE j.id = ANY(?) AND j.status IN ('FAILED', 'CANCELLED')", ids)
                    + count(db, "SELECT count(*) FROM api.jobs j CROSS JOIN LATERAL unnest(j.property_ids) AS p(id)"
                    + " WHERE j.id = ANY(?) AND j.status IN ('SUBMITTED', 'SUCCEEDED') AND NOT EXISTS (SELECT 1"
                    + " FROM api.quota_usage q WHERE q.account_id = j.account_id AND q.property_id = p.id"
                    + " AND q.month = date_trunc('month', j.created_at AT TIME ZONE 'UTC')::date)", ids);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Connection db, String sql, java.sql.Array ids) throws SQLException {
        try (var statement = db.prepareStatement(sql)) {
            statement.setArray(1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void report(Round round, Round.Job job, String what) {
        System.out.println("[faults] " + round.scenario + ": job " + job.id + " (" + job.spec + ") " + what);
    }
}
