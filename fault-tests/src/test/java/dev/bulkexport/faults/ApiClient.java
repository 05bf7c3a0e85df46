package dev.bulkexport.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the public API as a careful user writes it: requests go round-robin to the API replicas, and a
 * request that gets no answer or a 5xx is tried again on the next replica (job creation with the same
 * Idempotency-Key, so a retried create never makes a second job).
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    /** An answer: the status (-1 when there was none: connection refused or reset, timeout) and the body. */
    record Answer(int status, JsonNode body, String location) {
        boolean retryable() {
            return status < 0 || status >= 500;
        }
    }

    /** A created job and how many tries it took (failed tries are requests that got no usable answer). */
    record Created(String jobId, int failedTries, List<Integer> failedStatuses) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> replicas;
    private final String apiKey;
    private final AtomicInteger next = new AtomicInteger();

    ApiClient(List<String> replicas, String apiKey) {
        this.replicas = List.copyOf(replicas);
        this.apiKey = apiKey;
    }

    Created create(String body) {
        String idempotencyKey = UUID.randomUUID().toString();
        List<Integer> failed = new java.util.ArrayList<>();
        Answer answer = retrying(() -> send("POST", "/api/v1/bulk_api/jobs", body, idempotencyKey), failed);
        if (answer.status() != 201 && answer.status() != 200) {
            throw new IllegalStateException("job not created: " + answer.status() + " " + answer.body());
        }
        return new Created(answer.body().get("job_id").asText(), failed.size(), failed);
    }

    /** One request, not retried (for calls that are not idempotent, such as creating a schedule). */
    Answer call(String method, String path, String body) {
        return send(method, path, body, null);
    }

    /** A read, retried on no answer or a 5xx like every read of this client. */
    JsonNode read(String path) {
        return retrying(() -> send("GET", path, null, null), new java.util.ArrayList<>()).body();
    }

    /** The job's answer: 200 with the job, or 404 when the API does not know it. */
    Answer job(String jobId) {
        return retrying(() -> send("GET", "/api/v1/bulk_api/jobs/" + jobId, null, null), new java.util.ArrayList<>());
    }

    JsonNode get(String jobId) {
        return job(jobId).body();
    }

    /** Cancels a job: 200 (it is cancelled) or 409 (it had already ended). */
    int cancel(String jobId) {
        return retrying(() -> send("DELETE", "/api/v1/bulk_api/jobs/" + jobId, null, null),
                new java.util.ArrayList<>()).status();
    }

    /** Size and SHA-256 of a job's file, downloaded through its pre-signed results link. */
    record Download(long size, String sha256) {
    }

    Download download(String jobId) throws IOException, InterruptedException {
        Answer results = retrying(() -> send("GET", "/api/v1/bulk_api/jobs/" + jobId + "/results", null, null),
                new java.util.ArrayList<>());
        if (results.status() != 302) {
            throw new IllegalStateException("results of " + jobId + ": " + results.status() + " " + results.body());
        }
        return fetch(results.location());
    }

    /** The job's files with their pre-signed urls ({@code GET /results/manifest}). */
    JsonNode manifest(String jobId) {
        Answer manifest = retrying(() -> send("GET", "/api/v1/bulk_api/jobs/" + jobId + "/results/manifest", null,
                null), new java.util.ArrayList<>());
        if (manifest.status() != 200) {
            throw new IllegalStateException("manifest of " + jobId + ": " + manifest.status() + " " + manifest.body());
        }
        return manifest.body();
    }

    /** Size and SHA-256 of what a pre-signed url serves. */
    Download fetch(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> file = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (file.statusCode() != 200) {
            throw new IllegalStateException("download of " + url + ": HTTP " + file.statusCode());
        }
        try (DigestInputStream in = new DigestInputStream(file.body(), sha256())) {
            long size = in.transferTo(java.io.OutputStream.nullOutputStream());
            return new Download(size, HexFormat.of().formatHex(in.getMessageDigest().digest()));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Call {
        Answer call();
    }

    private Answer retrying(Call call, List<Integer> failedStatuses) {
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        while (true) {
            Answer answer = call.call();
            if (!answer.retryable() || Instant.now().isAfter(deadline)) {
                return answer;
            }
            failedStatuses.add(answer.status());
            pause(Duration.ofMillis(250)); // a client's back-off between tries, not synchronisation
        }
    }

    private Answer send(String method, String path, String body, String idempotencyKey) {
        String base = replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.nullNode() : readOrText(response.body());
            return new Answer(response.statusCode(), json, response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, JSON.getNodeFactory().textNode(e.toString()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readOrText(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
