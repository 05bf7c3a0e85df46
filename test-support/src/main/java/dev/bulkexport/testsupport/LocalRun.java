package dev.bulkexport.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The README's run command: starts the whole system on loopback with its state under {@code .run/}, prints
 * the demo API key, walks the workflow (create, poll, download, webhook) and keeps running until Ctrl-C
 * ({@code --exit-after-walk} stops after the walk).
 */
public final class LocalRun {
    private static final int WEBHOOK_PORT = 8099;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        boolean exitAfterWalk = java.util.List.of(args).contains("--exit-after-walk");
        Path state = ProjectLayout.root().resolve(".run");
        AtomicReference<String> secret = new AtomicReference<>();
        WebhookReceiver webhooks = WebhookReceiver.start(WEBHOOK_PORT, received -> say(
                "webhook received: " + received.headers().get("webhook-id") + ", signature "
                        + (secret.get() != null && StandardWebhooksVerifier.verify(secret.get(), received.headers(),
                                received.body()) ? "valid" : "INVALID") + ": " + abbreviate(received.body())));
        ExportStack stack = ExportStack.start(
                new ExportStack.Settings(state, ExportStack.Ports.localRun(), null, false), LocalRun::say);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping every process this run started");
            stack.close();
            webhooks.close();
            stopped.countDown();
        }));
        String api = stack.apiBaseUrl();
        String apiKey = demoApiKey(state, stack);
        secret.set(webhookSecret(stack));
        say("all services are up. State lives in " + state + "; logs in " + state.resolve("logs"));
        System.out.printf("%n  API:           %s/api/v1/bulk_api/jobs%n  demo API key:  %s%n"
                + "  admin API:     %s (Authorization: Bearer %s, valid while this run lasts)%n"
                + "  webhook secret (verify signatures with it, docs/webhooks.md): %s%n%n",
                api, apiKey, stack.adminBaseUrl(), stack.adminToken(), secret.get());
        String jobId = walk(api, apiKey, webhooks.url("/webhooks/demo"));
        awaitWebhook(webhooks, jobId);
        System.out.printf("""

                Try it yourself:
                  export API_KEY=%2$s
                  curl -s -X POST %1$s/api/v1/bulk_api/jobs -H "Authorization: Bearer $API_KEY" \\
                       -H 'Content-Type: application/json' \\
                       -d '{"report_type":"property","output_format":"csv","start_date":"2024-03-01","end_date":"2024-03-31","property_ids":[4,5,6]}'
                  curl -s %1$s/api/v1/bulk_api/jobs/<job_id> -H "Authorization: Bearer $API_KEY"
                  curl -sL %1$s/api/v1/bulk_api/jobs/<job_id>/results -H "Authorization: Bearer $API_KEY" -o export.csv

                """, api, apiKey);
        if (exitAfterWalk) {
            System.exit(0);
        }
        say("running until Ctrl-C");
        stopped.await();
    }

    /** Creates a job, polls it to its outcome, downloads the file and shows its first lines. */
    private static String walk(String api, String apiKey, String callbackUrl) throws Exception {
        String body = """
                {"report_type":"property","output_format":"csv","start_date":"2024-01-01","end_date":"2024-01-31",
                 "property_ids":[1,2,3],"callback_url":"%s"}""".formatted(callbackUrl);
        say("POST /api/v1/bulk_api/jobs " + body.replaceAll("\\s+", " "));
        HttpResponse<String> created = HTTP.send(request(api + "/api/v1/bulk_api/jobs", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        say("-> " + created.statusCode() + " " + created.body());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("the demo job was not created");
        }
        String jobId = JSON.readTree(created.body()).get("job_id").asText();
        JsonNode job = awaitOutcome(api, apiKey, jobId);
        say("GET /api/v1/bulk_api/jobs/" + jobId + " -> " + job);
        if (!"succeeded".equals(job.get("status").asText())) {
            throw new IllegalStateException("the demo job did not succeed");
        }
        HttpResponse<Void> results = HTTP.send(request(api + "/api/v1/bulk_api/jobs/" + jobId + "/results", apiKey)
                .build(), HttpResponse.BodyHandlers.discarding());
        String location = results.headers().firstValue("Location").orElseThrow();
        say("GET .../results -> " + results.statusCode() + " to a pre-signed URL valid 7 days; first lines of "
                + job.at("/result/file_name").asText() + ":");
        HttpResponse<java.io.InputStream> file = HTTP.send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.body(), StandardCharsets.UTF_8))) {
            lines.lines().limit(6).forEach(line -> System.out.println("    " + line));
        }
        return jobId;
    }

    private static void awaitWebhook(WebhookReceiver webhooks, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (webhooks.received().stream().noneMatch(r -> r.body().contains(jobId))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no webhook for job " + jobId + " within 30 s");
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode awaitOutcome(String api, String apiKey, String jobId) throws Exception {
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

    private static HttpRequest.Builder request(String url, String apiKey) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
    }

    /**
     * The demo account and key, made once through the admin API as an operator would; the key is kept in
     * .run/demo-api-key so that it survives restarts.
     */
    private static String demoApiKey(Path state, ExportStack stack) throws Exception {
        Path file = state.resolve("demo-api-key");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        HttpResponse<String> created = stack.admin("POST", "/accounts", "{\"name\":\"demo\"}");
        String accountId;
        if (created.statusCode() == 201) {
            accountId = JSON.readTree(created.body()).get("account_id").asText();
        } else {
            JsonNode accounts = JSON.readTree(stack.admin("GET", "/accounts", null).body());
            accountId = java.util.stream.StreamSupport.stream(accounts.spliterator(), false)
                    .filter(account -> "demo".equals(account.get("name").asText())).findFirst().orElseThrow()
                    .get("account_id").asText();
        }
        HttpResponse<String> key = stack.admin("POST", "/accounts/" + accountId + "/keys", "{}");
        say("POST " + stack.adminBaseUrl() + "/accounts/" + accountId + "/keys -> " + key.statusCode()
                + " (admin API: demo account and key)");
        String secret = JSON.readTree(key.body()).get("api_key").asText();
        Files.writeString(file, secret);
        return secret;
    }


    /** The demo account's Standard Webhooks secret, from the api's published view. */
    private static String webhookSecret(ExportStack stack) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
                var rs = connection.createStatement().executeQuery("SELECT k.secret FROM api.webhook_signing_keys k"
                        + " JOIN api.accounts a ON a.id = k.account_id WHERE a.name = 'demo'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void say(String line) {
        System.out.println("[run] " + line);
    }
}
