package dev.bulkexport.api.shard;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.events.ExportDestination;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What the jobs whose shards are handed out export, and where to: the job feature reads its own rows for the
 * dispatcher, so that the jobs' columns are mapped in one place.
 */
public interface WorkSource {

    /** A job's spec and destination (with its credentials while unfinished). */
    record Work(JobSpec spec, ExportDestination destination) {
    }

    /** The work of each of the jobs, in the caller's transaction. */
    Uni<Map<UUID, Work>> of(SqlClient sql, Collection<UUID> jobIds);
}
