package dev.bulkexport.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How a consumer treats a failure of the work a record asks for: while the database is unavailable it retries
 * (0.5 s doubling to 15 s, the partition waits: the record is good); any other failure is permanent, logged as
 * an ERROR and handed to the channel's failure strategy, the dead-letter topic, so it never blocks the records
 * behind it.
 */
public final class ConsumerRetries {
    private static final Logger LOG = Logger.getLogger(ConsumerRetries.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(15);

    private ConsumerRetries() {
    }

    /** {@code work} retried while the database is unavailable; {@code what} names it in the logs. */
    public static <T> Uni<T> retryWhileDatabaseUnavailable(Supplier<Uni<T>> work, String what) {
        return Uni.createFrom().deferred(work::get)
                .onFailure(ReactiveDatabase::unavailable)
                .invoke(e -> LOG.warnf("%s: database unavailable, retrying: %s", what, e.getMessage()))
                .onFailure(ReactiveDatabase::unavailable).retry().withBackOff(FIRST_DELAY, MAX_DELAY).indefinitely()
                .onFailure().invoke(e -> LOG.errorf(e, "%s failed; the record goes to the dead-letter topic", what));
    }
}
