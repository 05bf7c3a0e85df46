package dev.bulkexport.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // A customer's own bucket for the destination demo: a second S3 store with its own credentials.
        CustomerBucket customer = CustomerBucket.start(state.resolve("customer-s3"));
        ExportStack stack = ExportStack.start(
                new ExportStack.Settings(state, ExportStack.Ports.localRun(), null, false), LocalRun::say);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping every process this run started");
            stack.close();
            customer.close();
            webhooks.close();
            stopped.countDown();
        }));
        String api = stack.apiBaseUrl();
        String apiKey = demoApiKey(state, stack);
        secret.set(webhookSecret(stack));
        say("all services are up. State lives in " + state + "; logs in " + state.resolve("logs"));
        System.out.printf("%n  API:           %s/api/v1/bulk_api/jobs%n  console:       %s/console/ (sign in with the key)%n"
                + "  demo API key:  %s%n"
                + "  admin API:     %s (Authorization: Bearer %s, valid while this run lasts)%n"
                + "  webhook secret (verify signatures with it, docs/webhooks.md): %s%n%n",
                api, api, apiKey, stack.adminBaseUrl(), stack.adminToken(), secret.get());
        String jobId = SeedWalk.walk(api, apiKey, webhooks.url("/webhooks/demo"), LocalRun::say);
        awaitWebhook(webhooks, jobId);
        String scheduledJob = SeedWalk.schedule(api, apiKey, webhooks.url("/webhooks/schedule"), LocalRun::say);
        JsonNode outcome = SeedWalk.awaitOutcome(api, apiKey, scheduledJob);
        say("scheduled job " + scheduledJob + ": " + outcome.path("status").asText() + ", "
                + outcome.path("result").path("file_name").asText() + " (" + outcome.path("result").path("row_count")
                + " rows)");
        awaitWebhook(webhooks, scheduledJob);
        String destinationJob = SeedWalk.destination(api, apiKey, customer, LocalRun::say);
        JsonNode written = SeedWalk.awaitOutcome(api, apiKey, destinationJob);
        say("job " + destinationJob + " into the destination: " + written.path("status").asText() + ", "
                + written.path("result").path("destination"));
        say("the customer's bucket (another S3 store, " + customer.endpoint() + ") now holds: "
                + customer.keys().stream().filter(key -> key.contains(destinationJob)).toList());
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

    private static void awaitWebhook(WebhookReceiver webhooks, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (webhooks.received().stream().noneMatch(r -> r.body().contains(jobId))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no webhook for job " + jobId + " within 30 s");
            }
            Thread.sleep(200);
        }
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
        String accountId = demoAccountId(stack, true);
        HttpResponse<String> key = stack.admin("POST", "/accounts/" + accountId + "/keys", "{}");
        say("POST " + stack.adminBaseUrl() + "/accounts/" + accountId + "/keys -> " + key.statusCode()
                + " (admin API: demo account and key)");
        String secret = JSON.readTree(key.body()).get("api_key").asText();
        Files.writeString(file, secret);
        return secret;
    }


    /** The demo account's id; made first through the admin API when {@code create} and there is none. */
    private static String demoAccountId(ExportStack stack, boolean create) throws Exception {
        if (create) {
            HttpResponse<String> created = stack.admin("POST", "/accounts", "{\"name\":\"demo\"}");
            if (created.statusCode() == 201) {
                return JSON.readTree(created.body()).get("account_id").asText();
            }
        }
        JsonNode accounts = JSON.readTree(stack.admin("GET", "/accounts", null).body());
        return java.util.stream.StreamSupport.stream(accounts.spliterator(), false)
                .filter(account -> "demo".equals(account.get("name").asText())).findFirst().orElseThrow()
                .get("account_id").asText();
    }

    /**
     * A new Standard Webhooks secret of the demo account, as an operator gets it (the api stores it only sealed);
     * the previous one, of an earlier run, keeps signing beside it for the default overlap of 24 h.
     */
    private static String webhookSecret(ExportStack stack) throws Exception {
        return stack.rotateWebhookSecret(demoAccountId(stack, false), 24);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void say(String line) {
        System.out.println("[run] " + line);
    }
}
