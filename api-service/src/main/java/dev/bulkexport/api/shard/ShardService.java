package dev.bulkexport.api.shard;

import dev.bulkexport.api.job.Job;
import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.JobCancelRequested;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobProgressed;
import dev.bulkexport.common.events.ShardCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.api.job.CreateJobCommand;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The shards of a job as its worker updates come in, inside {@link JobService}'s transaction: a shard's
 * progress and outcome go on its row, and the job shows their sums. A succeeded shard's files are its checkpoint;
 * when the last shard is done the closing record (store the manifest, publish the job's outcome) goes to the
 * workers. A shard that failed for good fails the job and stops its other shards. The job entity changes at
 * every shard event, so that two transactions about one job's shards never both pass (its version).
 */
@ApplicationScoped
public class ShardService {
    private static final Logger LOG = Logger.getLogger(ShardService.class);

    private final Outbox outbox;
    private final ShardRows rows;
    private final ShardPlan plan;

    ShardService(Outbox outbox, ShardRows rows, ShardPlan plan) {
        this.outbox = outbox;
        this.rows = rows;
        this.plan = plan;
    }

    /**
     * Queues a new job's shards ({@link ShardPlan}) in the create's transaction, for the {@link ShardDispatcher} to
     * hand out within the account's running cap.
     */
    public Uni<Void> queue(SqlClient sql, UUID jobId, UUID accountId, Instant queuedAt, CreateJobCommand command) {
        return rows.insert(sql, jobId, accountId, queuedAt, plan.groups(command));
    }

    /** Shows a shard's progress on it and the sum of all shards on the job. */
    public Uni<Void> progress(Job job, JobProgressed progressed) {
        return shards(job).invoke(shards -> {
            shards.stream().filter(shard -> shard.shardIndex == progressed.shardIndex()).findFirst()
                    .filter(shard -> shard.recordProgress(progressed.rowsWritten(), progressed.propertiesDone()))
                    .ifPresent(changed -> showSums(job, shards));
        }).replaceWithVoid();
    }

    /**
     * Applies a shard's outcome; the job's outcome when it fails the job (else null). True when it added events
     * to the outbox.
     */
    public Uni<Outcome> complete(Job job, ShardCompleted completed) {
        return shards(job).chain(shards -> {
            JobShard shard = shards.stream().filter(s -> s.shardIndex == completed.shardIndex()).findFirst()
                    .orElse(null);
            if (shard == null || shard.status != ShardStatus.RUNNING) {
                return Uni.createFrom().item(Outcome.NOTHING);
            }
            return switch (completed.outcome()) {
                case SUCCEEDED -> succeeded(job, shards, shard, completed);
                case FAILED -> {
                    shard.finish(ShardStatus.FAILED);
                    LOG.errorf("job %s shard %d/%d failed: %s", job.id, shard.shardIndex, shard.shardCount,
                            completed.errorMessage());
                    yield Uni.createFrom().item(new Outcome(true, JobCompleted.failed(job.id, job.accountId,
                            completed.errorMessage() == null ? "The export could not be built"
                                    : completed.errorMessage())));
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
    public Uni<Void> jobEnded(Job job) {
        return shards(job).chain(shards -> {
            boolean stillRunning = false;
            for (JobShard shard : shards) {
                boolean running = shard.status == ShardStatus.RUNNING;
                stillRunning |= running && shard.shardCount > 1;
                shard.finish(!running || shard.shardCount > 1 ? ShardStatus.CANCELLED
                        : job.status == JobStatus.SUCCEEDED ? ShardStatus.DONE
                        : job.status == JobStatus.FAILED ? ShardStatus.FAILED : ShardStatus.CANCELLED);
            }
            return stillRunning && job.status == JobStatus.FAILED
                    ? outbox.add(Topics.JOB_CANCEL_REQUESTED, JobCancelRequested.of(job.id, job.accountId))
                    : Uni.createFrom().voidItem();
        });
    }

    private Uni<Outcome> succeeded(Job job, List<JobShard> shards, JobShard shard, ShardCompleted completed) {
        shard.finish(ShardStatus.DONE);
        shard.rowsWritten = completed.rowCount() == null ? 0 : completed.rowCount();
        showSums(job, shards);
        List<JobShardFile> files = completed.files().stream()
                .map(file -> JobShardFile.of(job.id, shard.shardIndex, file)).toList();
        long done = shards.stream().filter(s -> s.status == ShardStatus.DONE).count();
        LOG.infof("job %s shard %d/%d done: %d rows in %d files (%d of %d shards done)", job.id, shard.shardIndex,
                shard.shardCount, shard.rowsWritten, files.size(), done, shard.shardCount);
        Uni<Void> persisted = JobShardFile.persist(files);
        if (done < shard.shardCount) {
            return persisted.replaceWith(new Outcome(true, null));
        }
        return persisted.chain(() -> JobShardFile.<JobShardFile>list("jobId", job.id)).chain(all -> {
            List<JobShardFile> ordered = new ArrayList<>(all);
            ordered.sort(Comparator.comparingInt((JobShardFile f) -> f.shardIndex).thenComparingInt(f -> f.fileIndex));
            List<JobCompleted.File> jobFiles = new ArrayList<>();
            for (JobShardFile file : ordered) {
                jobFiles.add(file.asJobFile(jobFiles.size() + 1));
            }
            LOG.infof("job %s: all %d shards done, closing it", job.id, shard.shardCount);
            return outbox.add(Topics.SHARD_SUBMITTED, ShardSubmitted.closing(job.id, job.accountId, shard.shardCount,
                    job.reportType, job.outputFormat, job.startDate, job.endDate, job.compression, jobFiles,
                    job.destination()),
                    job.id + "/0");
        }).replaceWith(new Outcome(true, null));
    }

    private static void showSums(Job job, List<JobShard> shards) {
        job.recordShardProgress(shards.stream().mapToLong(s -> s.rowsWritten).sum(),
                shards.stream().mapToInt(s -> s.propertiesDone).sum(),
                shards.stream().mapToInt(s -> s.propertyIds.length).sum());
    }

    private static Uni<List<JobShard>> shards(Job job) {
        return JobShard.list("jobId", job.id);
    }

    /** What a shard's outcome did: whether it changed anything, and the job's outcome when it ends the job. */
    public record Outcome(boolean changed, JobCompleted jobOutcome) {
        static final Outcome NOTHING = new Outcome(false, null);
    }
}
