package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.JobCancelRequested;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.WorkSignature;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A job's shards, inside the caller's transaction: queued at the create ({@link ShardPlan}), then, as worker updates
 * come in, a shard's progress and outcome on its row and their sums for the job to show. A succeeded shard's files
 * are its checkpoint; when the last shard is done the closing record (store the manifest, publish the job's outcome)
 * goes to the workers. A shard that failed for good fails the job; the job's end finishes its other shards.
 */
@ApplicationScoped
public class ShardService {
    private static final Logger LOG = Logger.getLogger(ShardService.class);

    private final Outbox outbox;
    private final ShardRows rows;
    private final ShardFileRows files;
    private final ShardPlan plan;
    private final WorkSignature signature;

    ShardService(Outbox outbox, ShardRows rows, ShardFileRows files, ShardPlan plan, WorkSignature signature) {
        this.outbox = outbox;
        this.rows = rows;
        this.files = files;
        this.plan = plan;
        this.signature = signature;
    }

    /** Rows written and properties done over all shards of a job, of its properties in all. */
    public record Sums(long rowsWritten, int propertiesDone, int propertiesTotal) {
    }

    /**
     * What a shard's outcome did: whether it changed anything, the job's sums after it (null when unchanged), and
     * the job's outcome when it ends the job (a shard failed for good), else null.
     */
    public record Outcome(boolean changed, Sums sums, JobCompleted jobOutcome) {
        static final Outcome NOTHING = new Outcome(false, null, null);
    }

    /** Queues a new job's shards for the {@link ShardDispatcher}, which hands them out within the account's cap. */
    public Uni<Void> queue(SqlClient sql, UUID jobId, UUID accountId, Instant queuedAt, JobSpec spec) {
        return rows.insert(sql, jobId, accountId, queuedAt, plan.groups(spec));
    }

    /** A shard's progress on its row; the job's sums after it, or null when the shard is not running. */
    public Uni<Sums> progress(SqlClient sql, JobProgressed progressed) {
        return rows.ofJob(sql, progressed.jobId()).chain(shards -> {
            JobShard shard = shards.stream().filter(s -> s.shardIndex() == progressed.shardIndex()).findFirst()
                    .orElse(null);
            JobShard changed = shard == null ? null
                    : shard.progressed(progressed.rowsWritten(), progressed.propertiesDone());
            return changed == null ? Uni.createFrom().nullItem()
                    : rows.update(sql, changed).replaceWith(() -> sums(replace(shards, changed)));
        });
    }

    /** Applies a shard's outcome (see {@link Outcome}); {@code spec} and {@code destination} are the job's. */
    public Uni<Outcome> complete(SqlClient sql, UUID accountId, JobSpec spec, ExportDestination destination,
            ShardCompleted completed) {
        return rows.ofJob(sql, completed.jobId()).chain(shards -> {
            JobShard shard = shards.stream().filter(s -> s.shardIndex() == completed.shardIndex()).findFirst()
                    .orElse(null);
            if (shard == null || shard.status() != ShardStatus.RUNNING) {
                return Uni.createFrom().item(Outcome.NOTHING);
            }
            return switch (completed.outcome()) {
                case SUCCEEDED -> succeeded(sql, accountId, spec, destination, shards, shard, completed);
                case FAILED -> {
                    LOG.errorf("job %s shard %d/%d failed: %s", completed.jobId(), shard.shardIndex(),
                            shard.shardCount(), completed.errorMessage());
                    yield rows.update(sql, shard.finished(ShardStatus.FAILED)).replaceWith(new Outcome(true, null,
                            JobCompleted.failed(completed.jobId(), accountId, completed.errorMessage() == null
                                    ? "The export could not be built" : completed.errorMessage())));
                }
                // A worker stops a shard only for its job's cancel, which finished the shards already.
                default -> Uni.createFrom().item(Outcome.NOTHING);
            };
        });
    }

    /**
     * Finishes the job's unfinished shards with its outcome (a job of one shard: its shard's outcome; others are
     * cancelled), which frees their account's running slots; asks the workers to stop those still running when a
     * shard failed the job.
     */
    public Uni<Void> jobEnded(SqlClient sql, UUID jobId, UUID accountId, JobStatus status) {
        return rows.ofJob(sql, jobId).chain(shards -> {
            boolean stillRunning = false;
            Uni<Void> stored = Uni.createFrom().voidItem();
            for (JobShard shard : shards) {
                boolean running = shard.status() == ShardStatus.RUNNING;
                stillRunning |= running && shard.shardCount() > 1;
                JobShard finished = shard.finished(!running || shard.shardCount() > 1 ? ShardStatus.CANCELLED
                        : status == JobStatus.SUCCEEDED ? ShardStatus.DONE
                        : status == JobStatus.FAILED ? ShardStatus.FAILED : ShardStatus.CANCELLED);
                if (finished != null) {
                    stored = stored.chain(() -> rows.update(sql, finished));
                }
            }
            return stillRunning && status == JobStatus.FAILED
                    ? stored.chain(() -> outbox.add(sql, Topics.JOB_CANCEL_REQUESTED,
                            JobCancelRequested.of(jobId, accountId)))
                    : stored;
        });
    }

    private Uni<Outcome> succeeded(SqlClient sql, UUID accountId, JobSpec spec, ExportDestination destination,
            List<JobShard> shards, JobShard shard, ShardCompleted completed) {
        JobShard done = shard.finished(ShardStatus.DONE)
                .withRows(completed.rowCount() == null ? 0 : completed.rowCount());
        List<JobShard> after = replace(shards, done);
        long finished = after.stream().filter(s -> s.status() == ShardStatus.DONE).count();
        LOG.infof("job %s shard %d/%d done: %d rows in %d files (%d of %d shards done)", done.jobId(),
                done.shardIndex(), done.shardCount(), done.rowsWritten(), completed.files().size(), finished,
                done.shardCount());
        Outcome outcome = new Outcome(true, sums(after), null);
        Uni<Void> stored = rows.update(sql, done)
                .chain(() -> files.insert(sql, done.jobId(), done.shardIndex(), completed.files()));
        if (finished < done.shardCount()) {
            return stored.replaceWith(outcome);
        }
        return stored.chain(() -> files.jobFiles(sql, done.jobId())).chain(jobFiles -> {
            LOG.infof("job %s: all %d shards done, closing it", done.jobId(), done.shardCount());
            ShardSubmitted closing = signature.sign(ShardSubmitted.closing(done.jobId(), accountId,
                    done.shardCount(), spec, jobFiles, destination));
            return outbox.add(sql, List.of(outbox.event(Topics.SHARD_SUBMITTED, closing, done.jobId() + "/0")));
        }).replaceWith(outcome);
    }

    private static List<JobShard> replace(List<JobShard> shards, JobShard changed) {
        return shards.stream().map(s -> s.shardIndex() == changed.shardIndex() ? changed : s).toList();
    }

    private static Sums sums(List<JobShard> shards) {
        return new Sums(shards.stream().mapToLong(JobShard::rowsWritten).sum(),
                shards.stream().mapToInt(JobShard::propertiesDone).sum(),
                shards.stream().mapToInt(s -> s.propertyIds().size()).sum());
    }
}
