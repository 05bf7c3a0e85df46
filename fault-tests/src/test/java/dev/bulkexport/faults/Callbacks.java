package dev.bulkexport.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.testsupport.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The customers' webhook endpoint: records every delivery it accepts, and can answer 503 for a while or be
 * down altogether (nothing listening on its port) and come back on the same port.
 */
final class Callbacks implements AutoCloseable {
    /** One accepted delivery: its webhook-id header, the job and outcome in its body. */
    record Delivery(String webhookId, String jobId, String type) {
    }

    private final int port;
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private WebhookReceiver receiver;

    Callbacks(int port) {
        this.port = port;
        up();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    /** Listening and answering 204 (or 503 while failing). */
    synchronized void up() {
        if (receiver == null) {
            receiver = WebhookReceiver.respond(port, request -> {
                if (failing) {
                    return WebhookReceiver.Reply.status(503);
                }
                accepted.add(parse(request));
                return WebhookReceiver.Reply.status(204);
            });
        }
    }

    /** Nothing listens on the port: every delivery attempt is refused. */
    synchronized void down() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    private static Delivery parse(WebhookReceiver.Received request) {
        try {
            JsonNode body = ApiClient.JSON.readTree(request.body());
            return new Delivery(request.headers().get("webhook-id"), body.at("/data/job_id").asText(),
                    body.path("type").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        down();
    }
}
