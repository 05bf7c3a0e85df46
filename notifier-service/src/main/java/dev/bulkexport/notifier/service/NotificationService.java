package dev.bulkexport.notifier.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.notifier.client.WebhookSender;
import dev.bulkexport.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Tells the account's callback URL about a job's outcome. */
@ApplicationScoped
public class NotificationService {
    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    private static final ObjectMapper JSON = EventCodec.configure(new ObjectMapper());

    private final WebhookSender sender;
    private final NotifierConfig config;

    public NotificationService(WebhookSender sender, NotifierConfig config) {
        this.sender = sender;
        this.config = config;
    }

    public void onStatusChanged(JobStatusChanged event) {
        if (!event.status().isTerminal() || event.job().callbackUrl() == null) {
            return;
        }
        String webhookId = "msg_" + event.jobId() + "_" + event.status().wireName();
        try {
            int status = sender.post(event.job().callbackUrl(), webhookId, body(event));
            LOG.infof("job %s webhook %s answered %d", event.jobId(), webhookId, status);
        } catch (Exception e) {
            LOG.warnf("job %s webhook %s failed: %s", event.jobId(), webhookId, e.toString());
        }
    }

    /** {"type": "bulk_job.<status>", "timestamp": ..., "data": {job object, "results_url"}}. */
    String body(JobStatusChanged event) {
        ObjectNode data = JSON.valueToTree(event.job());
        data.put("results_url", config.apiBaseUrl() + "/api/v1/bulk_api/jobs/" + event.jobId() + "/results");
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "bulk_job." + event.status().wireName());
        body.put("timestamp", event.occurredAt().toString());
        body.set("data", data);
        return body.toString();
    }
}
