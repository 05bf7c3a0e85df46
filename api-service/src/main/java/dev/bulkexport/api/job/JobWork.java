package dev.bulkexport.api.job;

import dev.bulkexport.api.shard.WorkSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The dispatcher's view of the jobs whose shards it hands out, read through {@link JobRows}. */
@ApplicationScoped
class JobWork implements WorkSource {
    private final JobRows jobs;

    JobWork(JobRows jobs) {
        this.jobs = jobs;
    }

    @Override
    public Uni<Map<UUID, Work>> of(SqlClient sql, Collection<UUID> jobIds) {
        return jobs.findAll(sql, jobIds.stream().distinct().toList()).map(found -> found.stream()
                .collect(Collectors.toMap(Job::id, job -> new Work(job.spec(), job.destination()))));
    }
}
