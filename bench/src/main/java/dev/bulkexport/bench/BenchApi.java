package dev.bulkexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.testsupport.ExportStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The public and admin APIs of the running stack, as a client sees them. */
final class BenchApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiBase;
    private String apiKey;

    BenchApi(String apiBase) {
        this.apiBase = apiBase;
    }

    /** Creates an account whose limits never throttle the benchmark, and a key of it; returns the key. */
    String createBenchKey(ExportStack stack) throws Exception {
        apiKey = stack.createAccountKey(JSON.writeValueAsString(Map.of("name", "bench",
                "monthly_quota", 1_000_000_000, "rate_limit_per_minute", 1_000_000_000)));
        return apiKey;
    }

    /** Submits a job and returns its id. */
    String submit(String report, String format, List<Long> propertyIds, LocalDate start, LocalDate end,
            String callbackUrl) {
        return submit(report, format, propertyIds, start, end, callbackUrl, null);
    }

    /** Submits a job, compressed unless {@code compression} is null, and returns its id. */
    String submit(String report, String format, List<Long> propertyIds, LocalDate start, LocalDate end,
            String callbackUrl, String compression) {
        Map<String, Object> job = new java.util.HashMap<>(Map.of("report_type", report, "output_format", format,
                "start_date", start.toString(), "end_date", end.toString(), "property_ids", propertyIds));
        if (compression != null) {
            job.put("compression", compression);
        }
        if (callbackUrl != null) {
            job.put("callback_url", callbackUrl);
        }
        return send(authorized("/api/v1/bulk_api/jobs").header("Content-Type", "application/json")
                .POST(body(job)), 201).get("job_id").asText();
    }

    JsonNode job(String jobId) {
        return send(authorized("/api/v1/bulk_api/jobs/" + jobId).GET(), 200);
    }

    /** Polls the job every {@code interval} until it leaves {@code submitted}, at most {@code timeout}. */
    JsonNode awaitOutcome(String jobId, Duration interval, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = job(jobId);
            if (!"submitted".equals(job.get("status").asText())) {
                return job;
            }
            sleep(interval);
        }
        throw new IllegalStateException("job " + jobId + " still submitted after " + timeout);
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(apiBase + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
