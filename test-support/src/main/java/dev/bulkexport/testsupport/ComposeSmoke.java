package dev.bulkexport.testsupport;

import dev.bulkexport.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The client side of docker/compose-smoke.sh, against the compose stack's loopback ports (SMOKE_* variables):
 * {@code ports} prints free ports for the stack; {@code walk} registers an account and key through the admin
 * API and walks the seed workflow (create, succeed, download through the pre-signed URL, signed webhook);
 * {@code queue} creates a job while no worker runs and waits until a host Kafka subscriber sees it queued;
 * {@code verify} (after the Kafka and PostgreSQL containers were recreated) checks that the first job is
 * still there and the queued one succeeds with its webhook.
 */
public final class ComposeSmoke {
    private static final String ACCOUNT = "smoke";

    private ComposeSmoke() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 1 ? args[0] : "") {
            case "ports" -> {
                for (String name : List.of("API_PORT", "API_MANAGEMENT_PORT", "WORKER_PORT", "NOTIFIER_PORT",
                        "POSTGRES_PORT", "KAFKA_PORT", "S3_PORT")) {
                    System.out.println(name + "=" + ExportStack.freePort());
                }
            }
            case "walk" -> {
                AdminApi admin = new AdminApi(env("SMOKE_ADMIN"), env("ADMIN_TOKEN"));
                AdminApi.Account account = admin.createAccount("{\"name\":\"" + ACCOUNT + "\"}");
                String key = account.apiKey();
                // The signing secret as an operator gets it: the api keeps it only sealed.
                write("webhook-secret", admin.rotateWebhookSecret(account.accountId(), 0));
                say("admin API: account " + ACCOUNT + ", its key and its webhook signing secret registered");
                write("api-key", key);
                String jobId = SeedWalk.walk(env("SMOKE_API"), key, env("SMOKE_CALLBACK_URL"), ComposeSmoke::say);
                write("first-job", jobId);
                awaitSignedWebhook(jobId);
                say("job " + jobId + " succeeded");
            }
            case "queue" -> {
                String jobId = SeedWalk.create(env("SMOKE_API"), read("api-key"), env("SMOKE_CALLBACK_URL"),
                        ComposeSmoke::say);
                write("queued-job", jobId);
                awaitQueued(jobId);
                say("job " + jobId + " is queued on " + Topics.SHARD_SUBMITTED + " (read from the host listener "
                        + env("SMOKE_KAFKA") + ") with no worker running");
            }
            case "verify" -> {
                String api = env("SMOKE_API");
                String key = read("api-key");
                String first = read("first-job");
                String status = SeedWalk.awaitOutcome(api, key, first).path("status").asText();
                if (!"succeeded".equals(status)) {
                    throw new IllegalStateException("job " + first + " is " + status + " after the restarts");
                }
                say("job " + first + " is still succeeded, and the key still works");
                String queued = read("queued-job");
                SeedWalk.finish(api, key, queued, ComposeSmoke::say);
                awaitSignedWebhook(queued);
                say("job " + queued + " succeeded");
            }
            default -> throw new IllegalArgumentException("usage: ComposeSmoke ports|walk|queue|verify");
        }
    }

    /** Waits (60 s) for the job's webhook in the sink's directory and checks its Standard Webhooks signature. */
    private static void awaitSignedWebhook(String jobId) throws Exception {
        String secret = read("webhook-secret");
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            for (WebhookReceiver.Received received : receivedWebhooks()) {
                if (received.body().contains(jobId)) {
                    boolean valid = secret != null
                            && StandardWebhooksVerifier.verify(secret, received.headers(), received.body());
                    say("webhook received: " + received.headers().get("webhook-id") + ", signature "
                            + (valid ? "valid" : "INVALID") + ": " + received.body());
                    if (!valid) {
                        throw new IllegalStateException("the webhook of job " + jobId + " has no valid signature");
                    }
                    return;
                }
            }
            Thread.sleep(300); // the sink writes files; nothing to wait on but their appearance
        }
        throw new IllegalStateException("no webhook for job " + jobId + " within 60 s");
    }

    private static void awaitQueued(String jobId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (KafkaRecords.readAll(env("SMOKE_KAFKA"), Topics.SHARD_SUBMITTED).stream()
                    .anyMatch(record -> jobId.equals(record.key()))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("job " + jobId + " was not published to " + Topics.SHARD_SUBMITTED);
    }

    /** What the sink wrote: per request a file of "name: value" header lines, an empty line, the body. */
    private static List<WebhookReceiver.Received> receivedWebhooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(env("SMOKE_WEBHOOK_DIR")))) {
            return files.filter(file -> file.toString().endsWith(".txt")).sorted().map(file -> {
                try {
                    String[] parts = Files.readString(file, StandardCharsets.UTF_8).split("\n\n", 2);
                    Map<String, String> headers = new HashMap<>();
                    for (String line : parts[0].split("\n")) {
                        int colon = line.indexOf(": ");
                        headers.put(line.substring(0, colon), line.substring(colon + 2));
                    }
                    return new WebhookReceiver.Received(headers.get(":path"), headers, parts[1]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static void write(String name, String value) throws IOException {
        Files.writeString(Path.of(env("SMOKE_STATE")).resolve(name), value);
    }

    private static String read(String name) throws IOException {
        return Files.readString(Path.of(env("SMOKE_STATE")).resolve(name)).trim();
    }

    private static void say(String line) {
        System.out.println("[smoke] " + line);
    }
}
