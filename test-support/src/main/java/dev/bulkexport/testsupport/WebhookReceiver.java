package dev.bulkexport.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that records every callback it receives and answers 200, or whatever a
 * scripted responder says (status and headers, e.g. a 503 with {@code Retry-After}).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One received request: its headers (names in lower case) and body. */
    public record Received(String path, Map<String, String> headers, String body) {
    }

    /** What the receiver answers to one request. */
    public record Reply(int status, Map<String, String> headers) {
        public static Reply status(int status) {
            return new Reply(status, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start(int port, Consumer<Received> listener) {
        return respond(port, request -> {
            listener.accept(request);
            return Reply.status(200);
        });
    }

    /** A receiver whose answer to each request comes from {@code responder}. */
    public static WebhookReceiver respond(int port, Function<Received, Reply> responder) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                Map<String, String> headers = new java.util.TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
                Received request = new Received(exchange.getRequestURI().getPath(), headers,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                receiver.received.add(request);
                Reply reply = responder.apply(request);
                reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(reply.status(), -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
