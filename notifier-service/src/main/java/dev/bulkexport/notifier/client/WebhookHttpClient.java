package dev.bulkexport.notifier.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The raw POST of a webhook. Redirects are never followed: a 3xx comes back as it is. */
class WebhookHttpClient {
    private final HttpClient client;
    private final Duration timeout;

    WebhookHttpClient(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    CompletableFuture<HttpResponse<Void>> post(URI url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "property-bulk-export-notifier");
        headers.forEach(request::header);
        return client.sendAsync(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
