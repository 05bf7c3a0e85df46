package dev.bulkexport.api.job;

import dev.bulkexport.common.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Counts an account's jobs that have no outcome yet (queued or running), for the cap on work in flight, with the
 * account's own cap (api.accounts.max_unfinished_jobs; null when it takes the configured one).
 */
@ApplicationScoped
public class UnfinishedJobs {
    private static final String COUNT = "SELECT count(*), (SELECT max_unfinished_jobs FROM api.accounts WHERE id = $1)"
            + " FROM api.jobs WHERE account_id = $1 AND status = $2";

    /** The account's unfinished jobs and its cap of them: its own, else {@code configuredCap}. */
    public record Count(long unfinished, int cap) {
    }

    public Uni<Count> count(SqlClient sql, UUID accountId, int configuredCap) {
        return sql.preparedQuery(COUNT).execute(Tuple.of(accountId, JobStatus.SUBMITTED.name()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Integer own = row.getInteger(1);
                    return new Count(row.getLong(0), own == null ? configuredCap : own);
                });
    }
}
