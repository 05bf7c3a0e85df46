package dev.bulkexport.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.testsupport.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The customers' webhook endpoint: records every delivery it accepts, and can answer 503 for a while, be
 * down altogether (nothing listening on its port), or trickle its answer one byte a second (never finishing
 * it), and come back on the same port.
 */
final class Callbacks implements AutoCloseable {
    /** One accepted delivery: its webhook-id header, the job and outcome in its body. */
    record Delivery(String webhookId, String jobId, String type) {
    }

    private final int port;
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final List<TricklingReceiver.Held> trickled = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private WebhookReceiver receiver;
    private TricklingReceiver trickling;

    Callbacks(int port) {
        this.port = port;
        up();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    /** Listening and answering 204 (or 503 while failing). */
    synchronized void up() {
        stopTrickling();
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
        stopTrickling();
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    /**
     * Every delivery attempt is accepted and read, and its answer trickles one byte a second without ever
     * ending, until {@link #up}: nothing is accepted meanwhile.
     */
    synchronized void trickle() {
        down();
        trickling = new TricklingReceiver(port, trickled);
    }

    /** The attempts held open while trickling, and for how long each sender waited before it hung up. */
    List<TricklingReceiver.Held> trickled() {
        return List.copyOf(trickled);
    }

    private void stopTrickling() {
        if (trickling != null) {
            trickling.close();
            trickling = null;
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
