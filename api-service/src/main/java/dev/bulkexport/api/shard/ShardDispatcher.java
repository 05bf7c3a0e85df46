package dev.bulkexport.api.shard;

import dev.bulkexport.api.platform.Outbox;
import dev.bulkexport.api.platform.OutboxEvent;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.WorkSignature;
import dev.bulkexport.messaging.OutboxRelay;
import dev.bulkexport.messaging.RelayRounds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Admission control: hands queued shards to the workers through the outbox, round-robin across accounts and
 * within each account's cap of running shards ({@link ShardConfig#maxRunningPerAccount}), so that Kafka never holds
 * more of one account's work than that cap. Every shard, a job of one shard included, goes out as a
 * {@link ShardSubmitted} on {@link Topics#SHARD_SUBMITTED}, whose partitions it goes round in turn (the outbox
 * producer's {@code OutboxPartitioner}). Every replica runs it, woken after creates and completions and on an
 * interval; one at a time hands out (an advisory lock). Every record is signed ({@link WorkSignature}): workers
 * run only what this service signed.
 */
@ApplicationScoped
public class ShardDispatcher {
    private static final Logger LOG = Logger.getLogger(ShardDispatcher.class);
    private static final int BATCH = 100;

    private final RelayRounds rounds;

    ShardDispatcher(Pool pool, ShardRows shards, WorkSource work, Outbox outbox, OutboxRelay relay,
            ShardConfig config, WorkSignature signature) {
        this.rounds = new RelayRounds("shard dispatcher", () -> pool.withTransaction(sql -> shards
                .dispatch(sql, config.maxRunningPerAccount(), BATCH)
                .chain(picked -> work.of(sql, picked.stream().map(ShardRows.Dispatched::jobId).toList())
                        .chain(jobs -> outbox.add(sql, picked.stream()
                                .map(shard -> event(shard, jobs.get(shard.jobId()), signature)).toList()))
                        .replaceWith(picked.size())))
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

    /**
     * In the job's trace (the create's), not the dispatcher round's that happens to hand it out; keyed by the job,
     * and a fanned-out job's shards by job and shard.
     */
    private static OutboxEvent event(ShardRows.Dispatched shard, WorkSource.Work job, WorkSignature signature) {
        LOG.debugf("job %s shard %d/%d handed out", shard.jobId(), shard.shardIndex(), shard.shardCount());
        return OutboxEvent.of(Topics.SHARD_SUBMITTED, signature.sign(ShardSubmitted.of(shard.jobId(),
                shard.accountId(), shard.shardIndex(), shard.shardCount(),
                job.spec().withPropertyIds(shard.propertyIds()), job.destination())),
                shard.shardCount() == 1 ? shard.jobId().toString() : shard.jobId() + "/" + shard.shardIndex(),
                shard.traceparent());
    }
}
