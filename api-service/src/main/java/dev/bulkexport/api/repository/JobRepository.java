package dev.bulkexport.api.repository;

import dev.bulkexport.api.domain.Job;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** The job if it belongs to the account; null otherwise, so that other accounts' jobs do not exist. */
    public Uni<Job> findOwned(UUID accountId, UUID jobId) {
        return find("id = ?1 and accountId = ?2", jobId, accountId).firstResult();
    }
}
