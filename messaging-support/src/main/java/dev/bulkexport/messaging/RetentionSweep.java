package dev.bulkexport.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes the rows a service no longer needs, table by table, in batches of at most {@code batchSize} rows:
 * each batch is one short DELETE of rows it locked with {@code FOR UPDATE SKIP LOCKED}, so it never waits
 * for, nor holds up, a writer or another replica sweeping the same table (any replica may run it at any
 * time: a row deleted twice is simply not there the second time). Counts what it deleted per table in
 * {@code bulk_export_retention_deleted_total}. Each service sweeps only the tables it writes.
 */
public final class RetentionSweep {
    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    /**
     * Rows of {@code table} whose {@code timeColumn} is older than {@code age}; a row whose column is null
     * (an event not yet sent, say) never is.
     */
    public record Rule(String table, String timeColumn, Duration age) {
    }

    private final Pool pool;
    private final int batchSize;
    private final Map<Rule, Counter> rules = new LinkedHashMap<>();

    public RetentionSweep(Pool pool, MeterRegistry registry, int batchSize, List<Rule> rules) {
        this.pool = pool;
        this.batchSize = batchSize;
        for (Rule rule : rules) {
            this.rules.put(rule, Counter.builder("bulk_export.retention.deleted").tag("table", rule.table())
                    .description("Rows deleted by the retention sweep").register(registry));
        }
    }

    /** One pass over every table, until each has nothing older left; the rows deleted in all. */
    public Uni<Long> run() {
        Uni<Long> pass = Uni.createFrom().item(0L);
        for (Map.Entry<Rule, Counter> rule : rules.entrySet()) {
            pass = pass.chain(deleted -> sweep(rule.getKey(), rule.getValue(), deleted));
        }
        return pass.invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("retention sweep deleted %d rows", deleted);
            }
        });
    }

    /** A scheduled pass: a failure is logged and waits for the next one. */
    public Uni<Void> runScheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("retention sweep failed, next one in an interval: %s",
                e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Long> sweep(Rule rule, Counter counter, long deletedSoFar) {
        return deleteBatch(rule).chain(deleted -> {
            counter.increment(deleted);
            return deleted < batchSize ? Uni.createFrom().item(deletedSoFar + deleted)
                    : sweep(rule, counter, deletedSoFar + deleted);
        });
    }

    /** ctid: the tables' keys differ (composite for some); within one statement a locked row's ctid holds. */
    private Uni<Integer> deleteBatch(Rule rule) {
        String sql = "DELETE FROM " + rule.table() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + rule.table()
                + " WHERE " + rule.timeColumn() + " < now() - make_interval(secs => $1) LIMIT $2"
                + " FOR UPDATE SKIP LOCKED))";
        return pool.preparedQuery(sql).execute(Tuple.of((double) rule.age().toSeconds(), batchSize))
                .map(rows -> rows.rowCount());
    }
}
