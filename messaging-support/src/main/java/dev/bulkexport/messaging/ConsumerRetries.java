package dev.bulkexport.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How a consumer treats a failure of the work a record asks for: while the database is unavailable it retries
 * (0.5 s doubling to 15 s, the partition waits: the record is good); when the service is stopping (its pool
 * closed under the work) the record is neither acknowledged nor dead-lettered, so its offset stays uncommitted
 * and the partition's next owner gets it again; any other failure is permanent, logged as an ERROR and handed
 * to the channel's failure strategy, the dead-letter topic, so it never blocks the records behind it. (A
 * 30-minute soak dead-lettered good job-status records of SIGTERMed notifiers, and their webhooks were never
 * sent, before the stopping case was told apart.)
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
                .onFailure(ReactiveDatabase::poolClosed).recoverWithUni(e -> {
                    LOG.infof("%s: not applied, the service is stopping; the record stays uncommitted for the"
                            + " partition's next owner", what);
                    return Uni.createFrom().nothing();
                })
                .onFailure().invoke(e -> LOG.errorf(e, "%s failed; the record goes to the dead-letter topic", what));
    }
}
