package dev.bulkexport.e2e;

import dev.bulkexport.testsupport.ProjectLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The operator's command that issues an account's subscriber credential: deploy/subscribers/subscriber-credential.sh. */
final class SubscriberCredential {
    private SubscriberCredential() {
    }

    /** What the command prints for the account: its KafkaTopic and KafkaUser. */
    static String render(String accountId) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash",
                ProjectLayout.root().resolve("deploy/subscribers/subscriber-credential.sh").toString(), accountId)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("subscriber-credential.sh failed for " + accountId);
        }
        return yaml;
    }
}
