package dev.bulkexport.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The seed workflow a user walks over HTTP: create a {@code property} CSV job with a callback, poll it to its
 * outcome, download the file through the 302 to its pre-signed URL. The local run and the compose smoke walk it.
 */
public final class SeedWalk {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private SeedWalk() {
    }

    /** Creates the job, polls it to {@code succeeded}, downloads the file and shows its first lines; returns its id. */
    public static String walk(String api, String apiKey, String callbackUrl, Consumer<String> say) throws Exception {
        String jobId = create(api, apiKey, callbackUrl, say);
        finish(api, apiKey, jobId, say);
        return jobId;
    }

    /** Polls a created job to {@code succeeded}, downloads its file and shows its first lines. */
    public static void finish(String api, String apiKey, String jobId, Consumer<String> say) throws Exception {
        JsonNode job = awaitOutcome(api, apiKey, jobId);
        say.accept("GET /api/v1/bulk_api/jobs/" + jobId + " -> " + job);
        if (!"succeeded".equals(job.get("status").asText())) {
            throw new IllegalStateException("job " + jobId + " did not succeed: " + job);
        }
        HttpResponse<Void> results = HTTP.send(request(api + "/api/v1/bulk_api/jobs/" + jobId + "/results", apiKey)
                .build(), HttpResponse.BodyHandlers.discarding());
        String location = results.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "results answered " + results.statusCode() + " without a Location"));
        say.accept("GET .../results -> " + results.statusCode() + " to a pre-signed URL valid 7 days; first lines of "
                + job.at("/result/file_name").asText() + ":");
        HttpResponse<java.io.InputStream> file = HTTP.send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (file.statusCode() != 200) {
            throw new IllegalStateException("the pre-signed URL answered " + file.statusCode());
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.body(), StandardCharsets.UTF_8))) {
            lines.lines().limit(6).forEach(line -> System.out.println("    " + line));
        }
    }

    /** Creates the seed job (201 expected) and returns its id. */
    public static String create(String api, String apiKey, String callbackUrl, Consumer<String> say) throws Exception {
        String body = """
                {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
                 "property_ids":[1,2,3],"callback_url":"%s"}""".formatted(callbackUrl);
        say.accept("POST /api/v1/bulk_api/jobs " + body.replaceAll("\\s+", " "));
        HttpResponse<String> created = HTTP.send(request(api + "/api/v1/bulk_api/jobs", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        say.accept("-> " + created.statusCode() + " " + created.body());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("the job was not created");
        }
        return JSON.readTree(created.body()).get("job_id").asText();
    }

    /** Polls the job until it leaves {@code submitted} (within 120 s) and returns it. */
    public static JsonNode awaitOutcome(String api, String apiKey, String jobId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = HTTP.send(request(api + "/api/v1/bulk_api/jobs/" + jobId, apiKey).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode job = JSON.readTree(response.body());
            if (!"submitted".equals(job.path("status").asText())) {
                return job;
            }
            Thread.sleep(300); // polling interval of the demo client, as a user would poll
        }
        throw new IllegalStateException("job " + jobId + " did not finish within 120 s");
    }

    /**
     * The monthly sync as a schedule: a monthly {@code previous_period} schedule, whose past period February
     * 2024 is backfilled so that its run happens now; waits for the run's job (within 120 s) and returns its id.
     */
    public static String schedule(String api, String apiKey, String callbackUrl, Consumer<String> say)
            throws Exception {
        String body = """
                {"name":"monthly demo sync","report_type":"property","output_format":"csv","property_ids":[1,2,3],
                 "compression":"gzip","callback_url":"%s","cadence":"monthly","time_zone":"UTC",
                 "window":"previous_period"}""".formatted(callbackUrl);
        JsonNode schedule = send(api + "/api/v1/bulk_api/schedules", apiKey, body, 201, say);
        String id = schedule.get("schedule_id").asText();
        send(api + "/api/v1/bulk_api/schedules/" + id + "/backfill", apiKey,
                "{\"from\":\"2024-02-01\",\"to\":\"2024-02-29\"}", 202, say);
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> runs = HTTP.send(request(api + "/api/v1/bulk_api/schedules/" + id + "/runs", apiKey)
                    .build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode run : JSON.readTree(runs.body()).path("runs")) {
                if (run.hasNonNull("job_id")) {
                    say.accept("the schedule's run for " + run.path("start_date").asText() + " to "
                            + run.path("end_date").asText() + " is job " + run.get("job_id").asText());
                    return run.get("job_id").asText();
                }
            }
            Thread.sleep(500); // polling interval of the demo client, as a user would poll
        }
        throw new IllegalStateException("schedule " + id + " created no job within 120 s");
    }

    /**
     * Adds the customer's bucket as a destination (the destinations of that name from earlier runs removed
     * first: their stores are gone) and creates a job written into it; returns the job id.
     */
    public static String destination(String api, String apiKey, CustomerBucket bucket, Consumer<String> say)
            throws Exception {
        String name = "demo warehouse bucket";
        String base = api + "/api/v1/bulk_api/destinations";
        HttpResponse<String> earlier = HTTP.send(request(base + "?per_page=100", apiKey).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode old : JSON.readTree(earlier.body()).path("destinations")) {
            if (name.equals(old.path("name").asText())) {
                HTTP.send(request(base + "/" + old.path("destination_id").asText(), apiKey).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        String body = """
                {"type":"s3","name":"%s","bucket":"%s","prefix":"warehouse/property","region":"us-east-1",
                 "endpoint":"%s","access_key_id":"%s","secret_access_key":"%s"}""".formatted(name,
                CustomerBucket.BUCKET, bucket.endpoint(), CustomerBucket.ACCESS_KEY, CustomerBucket.SECRET_KEY);
        String id = send(base, apiKey, body, 201, say).get("destination_id").asText();
        return send(api + "/api/v1/bulk_api/jobs", apiKey, """
                {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
                 "property_ids":[1,2,3],"destination_id":"%s"}""".formatted(id), 201, say).get("job_id").asText();
    }

    private static JsonNode send(String url, String apiKey, String body, int expected, Consumer<String> say)
            throws Exception {
        // The demo prints what it sends, but never a secret.
        say.accept("POST " + url.substring(url.indexOf("/api/")) + " " + body.replaceAll("\\s+", " ")
                .replaceAll("(\"secret_access_key\":)\"[^\"]*\"", "$1\"(not shown)\""));
        HttpResponse<String> answer = HTTP.send(request(url, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        say.accept("-> " + answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException("expected " + expected + " from " + url);
        }
        return JSON.readTree(answer.body());
    }

    private static HttpRequest.Builder request(String url, String apiKey) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
    }
}
