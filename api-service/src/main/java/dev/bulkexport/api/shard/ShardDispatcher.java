package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.platform.OutboxEvent;

import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.JobSubmitted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.messaging.OutboxRelay;
import dev.bulkexport.messaging.RelayRounds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Admission control (issue 14): hands queued shards to the workers through the outbox, round-robin across
 * accounts and within each account's cap of running shards ({@link ShardConfig#maxRunningPerAccount}), so
 * that Kafka never holds more of one account's work than that cap. A job of one shard goes out as the
 * {@link JobSubmitted} of before; a shard of a fanned-out job as a {@link ShardSubmitted} on its own topic,
 * whose partitions it goes round in turn (the outbox producer's {@code OutboxPartitioner}). Every replica runs it, woken after
 * creates and completions and on an interval; one at a time hands out (an advisory lock).
 */
@ApplicationScoped
public class ShardDispatcher {
    private static final Logger LOG = Logger.getLogger(ShardDispatcher.class);
    private static final int BATCH = 100;

    private final Pool pool;
    private final ShardRows shards;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final int maxRunningPerAccount;
    private final RelayRounds rounds;

    public ShardDispatcher(Pool pool, ShardRows shards, Outbox outbox, OutboxRelay relay, ShardConfig config) {
        this.pool = pool;
        this.shards = shards;
        this.outbox = outbox;
        this.relay = relay;
        this.maxRunningPerAccount = config.maxRunningPerAccount();
        this.rounds = new RelayRounds("shard dispatcher", () -> pool.withTransaction(sql -> shards
                .dispatch(sql, maxRunningPerAccount, BATCH)
                .chain(picked -> picked.isEmpty() ? Uni.createFrom().item(0)
                        : outbox.add(sql, picked.stream().map(this::event).toList()).replaceWith(picked.size())))
                .invoke(handedOut -> {
                    if (handedOut > 0) {
                        relay.wakeUp();
                    }
                }), BATCH);
    }

    /** Hands out now what the caller's commit made possible (a new job, a freed slot). */
    public void wakeUp() {
        rounds.wakeUp();
    }

    /** The safety net for wake-ups lost or served by another replica whose lock this one met. */
    @Scheduled(every = "${export.shards.dispatch-interval:1s}", delayed = "${export.shards.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return rounds.round();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        rounds.stop();
    }

    private OutboxEvent event(ShardRows.Dispatched shard) {
        LOG.debugf("job %s shard %d/%d handed out", shard.jobId(), shard.shardIndex(), shard.shardCount());
        // In the job's trace (the create's), not the dispatcher round's that happens to hand it out.
        if (shard.shardCount() == 1) {
            return OutboxEvent.of(Topics.JOB_SUBMITTED, JobSubmitted.of(shard.jobId(), shard.accountId(),
                    shard.reportType(), shard.outputFormat(), shard.propertyIds(), shard.startDate(), shard.endDate(),
                    shard.compression(), shard.fields(), shard.maxFileSizeMb(), shard.destination()),
                    shard.traceparent());
        }
        OutboxEvent row = OutboxEvent.of(Topics.SHARD_SUBMITTED, ShardSubmitted.of(shard.jobId(), shard.accountId(),
                shard.shardIndex(), shard.shardCount(), shard.reportType(), shard.outputFormat(),
                shard.propertyIds(), shard.startDate(), shard.endDate(), shard.compression(), shard.fields(),
                shard.maxFileSizeMb(), shard.destination()), shard.traceparent());
        row.messageKey = shard.jobId() + "/" + shard.shardIndex();
        return row;
    }
}
