package dev.bulkexport.notifier.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import dev.bulkexport.notifier.config.NotifierConfig;
import dev.bulkexport.notifier.repository.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Turns a job's outcome with a callback URL into one durable delivery, due now. */
@ApplicationScoped
public class DeliveryRecorder {
    /** Standard Webhooks advises receivers to accept bodies of this size; we stay below it. */
    static final int MAX_BODY_BYTES = 20 * 1024;
    private static final Logger LOG = Logger.getLogger(DeliveryRecorder.class);
    private static final ObjectMapper JSON = EventCodec.configure(new ObjectMapper());

    private final DeliveryRepository deliveries;
    private final NotifierConfig config;

    public DeliveryRecorder(DeliveryRepository deliveries, NotifierConfig config) {
        this.deliveries = deliveries;
        this.config = config;
    }

    /** The webhook id of a job outcome: the same for every attempt and redelivery of it. */
    public static String webhookId(JobStatusChanged event) {
        return JobStatusChanged.webhookIdOf(event.jobId(), event.status());
    }

    /**
     * Sends a delivery again with its webhook id, on a fresh schedule starting now; attempt numbers go on
     * counting. Nothing happens when the delivery is unknown here (its outcome event is still on its way and
     * will be delivered anyway).
     */
    public Uni<Void> redeliver(WebhookRedeliveryRequested request) {
        return deliveries.restartSchedule(request.webhookId(), request.accountId(), Instant.now())
                .invoke(restarted -> {
                    if (restarted) {
                        LOG.infof("job %s webhook %s redelivery requested", request.jobId(), request.webhookId());
                    }
                })
                .replaceWithVoid();
    }

    /** Records the delivery once; a redelivered event finds it recorded and changes nothing. */
    public Uni<Void> onStatusChanged(JobStatusChanged event) {
        if (!event.status().isTerminal() || event.job() == null || event.job().callbackUrl() == null) {
            return Uni.createFrom().voidItem();
        }
        String webhookId = webhookId(event);
        return deliveries.insertIfAbsent(webhookId, event.jobId(), event.accountId(), event.job().callbackUrl(),
                        body(event), Instant.now())
                .invoke(created -> {
                    if (created) {
                        LOG.infof("job %s webhook %s recorded for delivery", event.jobId(), webhookId);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * {"type": "bulk_job.<status>", "timestamp": ..., "data": {job object, "results_url"}}: the API's results
     * URL, never a pre-signed one. A job with so many property ids that the body would reach 20 KB carries
     * {@code property_ids_count} instead of the list (GET the job for it).
     */
    String body(JobStatusChanged event) {
        ObjectNode data = JSON.valueToTree(event.job());
        data.put("results_url", config.apiBaseUrl() + "/api/v1/bulk_api/jobs/" + event.jobId() + "/results");
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "bulk_job." + event.status().wireName());
        body.put("timestamp", event.occurredAt().toString());
        body.set("data", data);
        if (body.toString().getBytes(StandardCharsets.UTF_8).length >= MAX_BODY_BYTES) {
            data.put("property_ids_count", event.job().spec().propertyIds().size());
            data.remove("property_ids");
        }
        return body.toString();
    }
}
