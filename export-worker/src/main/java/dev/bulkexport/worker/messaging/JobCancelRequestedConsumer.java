package dev.bulkexport.worker.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCancelRequested;
import dev.bulkexport.worker.service.Cancellations;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hears every cancellation (each worker has its own consumer group) and tells the running exports. A record
 * that is no event fails to decode, which sends it to the dead-letter topic.
 */
@ApplicationScoped
public class JobCancelRequestedConsumer {
    private static final Logger LOG = Logger.getLogger(JobCancelRequestedConsumer.class);

    private final Cancellations cancellations;

    public JobCancelRequestedConsumer(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @Incoming("job-cancel-requested")
    public void onCancelRequested(String payload) {
        if (EventCodec.decode(payload) instanceof JobCancelRequested cancel) {
            cancellations.cancel(cancel.jobId(), cancel.occurredAt());
            LOG.debugf("job %s cancel requested", cancel.jobId());
        }
    }
}
