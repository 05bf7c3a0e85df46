package dev.bulkexport.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback proxy in front of the API that sends the download itself through here too (it rewrites the
 * Location of {@code /results}) and, on the first download, cuts the connection after half the file: what
 * a flaky network does to a client mid-download.
 */
final class CuttingProxy implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Accept",
            "Idempotency-Key", "Range");

    private final HttpServer server;
    private final String api;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicBoolean cut = new AtomicBoolean();
    /** The Range header of every download request (null when it had none). */
    final List<String> downloadRanges = new CopyOnWriteArrayList<>();

    CuttingProxy(String apiBaseUrl) throws IOException {
        this.api = apiBaseUrl;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/download", this::download);
        server.createContext("/", this::forward);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        HttpResponse<byte[]> answer = send(URI.create(api + exchange.getRequestURI()), exchange);
        answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        answer.headers().firstValue("Location").ifPresent(location -> exchange.getResponseHeaders().set("Location",
                answer.statusCode() == 302 ? url() + "/download?u=" + URLEncoder.encode(location, StandardCharsets.UTF_8)
                        : location));
        reply(exchange, answer.statusCode(), answer.body());
    }

    private void download(HttpExchange exchange) throws IOException {
        String target = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring(2), StandardCharsets.UTF_8);
        downloadRanges.add(exchange.getRequestHeaders().getFirst("Range"));
        HttpResponse<byte[]> answer = send(URI.create(target), exchange);
        answer.headers().firstValue("Content-Range").ifPresent(range -> exchange.getResponseHeaders().set("Content-Range", range));
        byte[] body = answer.body();
        if (answer.statusCode() == 200 && cut.compareAndSet(false, true)) {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // Fewer bytes than announced: the server closes the connection mid-body.
            exchange.close();
            return;
        }
        reply(exchange, answer.statusCode(), body);
    }

    private HttpResponse<byte[]> send(URI uri, HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
