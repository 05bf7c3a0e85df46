package dev.bulkexport.notifier.client;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The raw POST of a webhook, to the address the SSRF guard vetted (no second DNS lookup: the name is only the
 * Host header and TLS server name). One hard deadline covers connecting, sending and the response headers;
 * the response body is never read, and the connection is closed as soon as the status is known or the
 * deadline passes, so a receiver that trickles its body holds nothing. Redirects are never followed.
 */
class WebhookHttpClient {
    /** What an attempt needs of the answer. */
    record Reply(int status, String retryAfter) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration deadline;

    WebhookHttpClient(Vertx vertx, Duration deadline) {
        this.vertx = vertx;
        this.deadline = deadline;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setConnectTimeout((int) deadline.toMillis()));
    }

    /** Fails with a {@link TimeoutException} when the status has not arrived within the deadline. */
    CompletableFuture<Reply> post(URI url, InetAddress address, Map<String, String> headers, String body) {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "property-bulk-export-notifier");
        headers.forEach(options::putHeader);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(deadline.toMillis(), id -> {
            if (reply.completeExceptionally(new TimeoutException("no response within " + deadline.toSeconds() + " s"))) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.connection().close();
                }
            }
        });
        client.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(body);
                })
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    if (result.succeeded()) {
                        HttpClientResponse response = result.result();
                        reply.complete(new Reply(response.statusCode(), response.getHeader("Retry-After")));
                        response.request().connection().close();
                    } else {
                        reply.completeExceptionally(result.cause());
                    }
                });
        return reply;
    }
}
