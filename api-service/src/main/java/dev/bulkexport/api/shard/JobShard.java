package dev.bulkexport.api.shard;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * One shard of a job, changed here only through {@link #finish} and {@link #recordProgress}; created with the
 * job ({@code ShardRows}) and moved to RUNNING by the dispatcher, which bumps {@link #version} too.
 */
@Entity
@Table(name = "job_shards", schema = "api")
@IdClass(JobShard.Key.class)
public class JobShard extends PanacheEntityBase {
    @Id
    public UUID jobId;
    @Id
    public int shardIndex;
    public int shardCount;
    public UUID accountId;
    public Long[] propertyIds;
    @Enumerated(EnumType.STRING)
    public ShardStatus status;
    public Instant queuedAt;
    public Instant dispatchedAt;
    public Instant finishedAt;
    public long rowsWritten;
    public int propertiesDone;
    @Version
    public int version;

    /** The primary key: a job's shard by its place (from 1). */
    public record Key(UUID jobId, int shardIndex) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    /** Moves an unfinished shard to {@code to}; false when it is finished already (the change is ignored). */
    public boolean finish(ShardStatus to) {
        if (status.isFinished()) {
            return false;
        }
        status = ShardStatus.moves().move(jobId + "/" + shardIndex, status, to);
        finishedAt = Instant.now();
        if (to == ShardStatus.DONE) {
            propertiesDone = propertyIds.length;
        }
        return true;
    }

    /** Records a running shard's progress; false when it is not running (a late report is ignored). */
    public boolean recordProgress(long rows, int properties) {
        if (status != ShardStatus.RUNNING) {
            return false;
        }
        rowsWritten = rows;
        propertiesDone = properties;
        return true;
    }
}
