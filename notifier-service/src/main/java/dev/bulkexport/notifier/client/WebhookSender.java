package dev.bulkexport.notifier.client;

import dev.bulkexport.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** POSTs a JSON notification to a callback URL. Redirects are not followed: a 3xx is a failed attempt. */
@ApplicationScoped
public class WebhookSender {
    private final HttpClient client;
    private final NotifierConfig config;

    public WebhookSender(NotifierConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.requestTimeout())
                .build();
    }

    /** Sends the body and returns the receiver's HTTP status. */
    public int post(String url, String webhookId, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "property-bulk-export-notifier")
                .header("webhook-id", webhookId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
