package dev.bulkexport.notifier.messaging;

import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.notifier.service.NotificationService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads the public status topic; outcomes with a callback URL become notifications. */
@ApplicationScoped
public class JobStatusConsumer {
    private final NotificationService notifications;

    public JobStatusConsumer(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Incoming("job-status")
    @Blocking
    public void onJobStatus(String payload) {
        if (EventCodec.decode(payload) instanceof JobStatusChanged changed) {
            notifications.onStatusChanged(changed);
        }
    }
}
