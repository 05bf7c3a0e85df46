package dev.bulkexport.notifier.messaging;

import dev.bulkexport.common.events.AccountJobStatusChanged;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.ScheduleChanged;
import dev.bulkexport.notifier.service.AccountEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Routes each event of the internal status topic to its account's own topic, in a consumer group of its own:
 * a job's status change as {@link AccountJobStatusChanged} (no callback URL, no bucket coordinates), a schedule's
 * change as it is. Acknowledged once the account's topic has the record; a malformed record goes to the
 * dead-letter topic.
 */
@ApplicationScoped
public class AccountStatusRouter {
    private final AccountEvents accounts;

    public AccountStatusRouter(AccountEvents accounts) {
        this.accounts = accounts;
    }

    @Incoming("account-routing")
    public Uni<Void> route(String payload) {
        JobEvent event = EventCodec.decode(payload);
        if (event instanceof JobStatusChanged changed) {
            MDC.put("job_id", changed.jobId().toString());
            return accounts.publish(AccountJobStatusChanged.of(changed));
        }
        if (event instanceof ScheduleChanged schedule) {
            return accounts.publish(schedule);
        }
        return Uni.createFrom().voidItem();
    }
}
