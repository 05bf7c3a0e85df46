package dev.bulkexport.api.job;

import dev.bulkexport.common.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Counts an account's jobs that have no outcome yet (queued or running), for the cap on work in flight. */
@ApplicationScoped
public class UnfinishedJobs {
    private static final String COUNT = "SELECT count(*) FROM api.jobs WHERE account_id = $1 AND status = $2";

    public Uni<Long> count(SqlClient sql, UUID accountId) {
        return sql.preparedQuery(COUNT).execute(Tuple.of(accountId, JobStatus.SUBMITTED.name()))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
