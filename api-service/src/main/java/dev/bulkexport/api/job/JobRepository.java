package dev.bulkexport.api.job;

import dev.bulkexport.common.JobStatus;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** The job if it belongs to the account; null otherwise, so that other accounts' jobs do not exist. */
    public Uni<Job> findOwned(UUID accountId, UUID jobId) {
        return find("id = ?1 and accountId = ?2", jobId, accountId).firstResult();
    }

    /** The account's jobs, newest first, optionally of one status. */
    public PanacheQuery<Job> newestFirst(UUID accountId, JobStatus status) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        return status == null
                ? find("accountId = ?1", newestFirst, accountId)
                : find("accountId = ?1 and status = ?2", newestFirst, accountId, status);
    }
}
