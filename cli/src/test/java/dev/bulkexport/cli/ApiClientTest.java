package dev.bulkexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiClientTest {
    private final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    private final List<String> notices = new CopyOnWriteArrayList<>();

    ApiClientTest() throws Exception {
    }

    private ApiClient client() {
        server.start();
        return new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "pbe_key",
                notices::add);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_429_is_retried_after_the_seconds_its_retry_after_says() {
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/api/v1/bulk_api/jobs/j1", exchange -> {
            boolean limited = calls.incrementAndGet() == 1;
            byte[] body = (limited ? "{\"error\":\"Too Many Requests\",\"message\":\"slow down\"}"
                    : "{\"job_id\":\"j1\",\"status\":\"submitted\"}").getBytes(StandardCharsets.UTF_8);
            if (limited) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            exchange.sendResponseHeaders(limited ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        long started = System.nanoTime();
        assertThat(client().job("j1").path("status").asText()).isEqualTo("submitted");

        assertThat(calls).hasValue(2);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(notices).containsExactly("rate limited (429): retrying in 1 s");
    }

    @Test
    void an_error_answer_becomes_an_exception_with_its_problem_body_and_the_bearer_key_is_sent() {
        List<String> authorization = new CopyOnWriteArrayList<>();
        server.createContext("/api/v1/bulk_api/jobs", exchange -> {
            authorization.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"error\":\"Bad Request\",\"message\":\"property_ids is required\",\"status\":400}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        assertThatThrownBy(() -> client().createJob("{}", null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().path("message").asText()).isEqualTo("property_ids is required");
            assertThat(e).hasMessage("HTTP 400 Bad Request: property_ids is required");
        });
        assertThat(authorization).containsExactly("Bearer pbe_key");
    }
}
