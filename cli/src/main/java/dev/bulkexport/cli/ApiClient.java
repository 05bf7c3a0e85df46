package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The public API over HTTP: JSON in and out, bearer key, problem bodies as {@link ApiException}, and 429
 * answers waited out as their {@code Retry-After} says (up to {@link #MAX_RATE_LIMITED} times).
 */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RATE_LIMITED = 5;
    private static final String BULK_API = "/api/v1/bulk_api";
    private static final String JOBS = BULK_API + "/jobs";

    private final URI baseUrl;
    private final String apiKey;
    private final HttpClient http;
    private final Consumer<String> notice;

    public ApiClient(URI baseUrl, String apiKey, Consumer<String> notice) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        this.apiKey = apiKey;
        this.notice = notice;
        // Never follow redirects here: the pre-signed download URL must not receive our API key.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public JsonNode createJob(String body, String idempotencyKey) {
        HttpRequest.Builder request = request(JOBS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return json(send(request));
    }

    public JsonNode job(String jobId) {
        return json(send(request(JOBS + "/" + encode(jobId)).GET()));
    }

    public JsonNode listJobs(Integer page, Integer perPage, String status) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("page", str(page));
        parameters.put("per_page", str(perPage));
        parameters.put("status", status);
        return json(send(request(JOBS + query(parameters)).GET()));
    }

    public JsonNode cancelJob(String jobId) {
        return json(send(request(JOBS + "/" + encode(jobId)).DELETE()));
    }

    public JsonNode quotaImpact(String body) {
        return json(send(request(JOBS + "/quota_impact").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    public JsonNode lookup(Map<String, String> filters) {
        return json(send(request("/api/v1/properties/lookup" + query(filters)).GET()));
    }

    /** The files of a succeeded job, each with a pre-signed URL signed afresh on each call. */
    public JsonNode manifest(String jobId) {
        return json(send(request(JOBS + "/" + encode(jobId) + "/results/manifest").GET()));
    }

    /** GET of any path of the public API (under {@code /api/v1/bulk_api}). */
    public JsonNode get(String path) {
        return json(send(request(BULK_API + path).GET()));
    }

    /** POST of a JSON body to a path of the public API. */
    public JsonNode post(String path, String body) {
        return json(send(request(BULK_API + path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** PATCH of a JSON body to a path of the public API. */
    public JsonNode patch(String path, String body) {
        return json(send(request(BULK_API + path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))));
    }

    /** DELETE of a path of the public API; its answer, or null for a 204. */
    public JsonNode delete(String path) {
        HttpResponse<String> response = send(request(BULK_API + path).DELETE());
        return response.body().isBlank() ? null : json(response);
    }

    /** {@code ?page=&per_page=} of a list, the members not set left out. */
    static String page(Integer page, Integer perPage) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("page", str(page));
        parameters.put("per_page", str(perPage));
        return query(parameters);
    }

    /** A path segment, encoded. */
    static String segment(String value) {
        return "/" + encode(value);
    }

    /** The pre-signed download URL of a succeeded job: the Location of its 302, signed afresh on each call. */
    public URI resultsUrl(String jobId) {
        HttpResponse<String> response = send(request(JOBS + "/" + encode(jobId) + "/results").GET());
        return URI.create(response.headers().firstValue("Location")
                .orElseThrow(() -> new ApiException(response.statusCode(), null)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = exchange(request);
            if (response.statusCode() == 429 && attempt < MAX_RATE_LIMITED) {
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                notice.accept("rate limited (429): retrying in " + seconds + " s");
                pause(Duration.ofSeconds(Math.max(1, seconds)));
                continue;
            }
            if (response.statusCode() >= 400) {
                throw new ApiException(response.statusCode(), problem(response.body()));
            }
            return response;
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the API answered something that is not JSON", e);
        }
    }

    private static JsonNode problem(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String query(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.entrySet().stream().filter(entry -> entry.getValue() != null)
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> query.add(entry.getKey() + "=" + encode(entry.getValue())));
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
