package dev.bulkexport.faults;

import dev.bulkexport.testsupport.ExportStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The system the fault scenarios run against: PostgreSQL, a Kafka broker process, S3Proxy, two processes of
 * each service, the customers' webhook receiver and a client of the API, with the suite's short timeouts.
 */
final class FaultStack implements AutoCloseable {
    static final List<String> APIS = List.of(ExportStack.API, "api-service-2");
    static final List<String> WORKERS = List.of(ExportStack.WORKER, "export-worker-2");
    static final List<String> NOTIFIERS = List.of(ExportStack.NOTIFIER, "notifier-service-2");

    final ExportStack stack;
    final Callbacks callbacks;
    final ApiClient api;
    final Path state;

    private FaultStack(ExportStack stack, Callbacks callbacks, ApiClient api, Path state) {
        this.stack = stack;
        this.callbacks = callbacks;
        this.api = api;
        this.state = state;
    }

    /** Starts it all; {@code tag} prefixes what the stack says ({@code [faults]}). */
    static FaultStack start(String tag) throws Exception {
        Path state = Files.createTempDirectory("bulk-export-faults");
        ExportStack stack = ExportStack.start(new ExportStack.Settings(state, ExportStack.Ports.free(), null, false,
                        Map.of(
                        // A large export (~90k rows) takes ~6 s: long enough to be killed in the middle.
                        "EXPORT_MAX_ROWS_PER_SECOND", "15000",
                        // Short retry intervals, deadline and lease so that a round takes seconds, not hours: a
                        // delivery is retried every 3 s at most, for 108 s in all, longer than any fault here
                        // keeps a webhook from its receiver; a claim outlives the attempt's deadline.
                        "WEBHOOK_RETRY_DELAYS", "1s,2s," + String.join(",", Collections.nCopies(35, "3s")),
                        "NOTIFIER_CLAIM_LEASE", "10s",
                        "NOTIFIER_REQUEST_TIMEOUT", "3s",
                        // A fanned-out job (Round.fannedOut, 2.7M estimated rows) is 5 shards; the large job
                        // (1.8M) stays one.
                        "SHARD_FAN_OUT_ROWS", "2000000",
                        "SHARD_ROWS", "600000",
                        // Due schedule runs are claimed within a second (scenario 11).
                        "SCHEDULE_CHECK_INTERVAL", "1s"),
                        // Each of the suite's 20 or so service starts takes about half the CPU time.
                        ExportStack.QUICK_START_JVM),
                // The second process of each service starts side by side with the first.
                Map.of(APIS.get(1), ExportStack.API, WORKERS.get(1), ExportStack.WORKER,
                        NOTIFIERS.get(1), ExportStack.NOTIFIER),
                line -> System.out.println(tag + " " + line));
        try {
            Callbacks callbacks = new Callbacks(ExportStack.freePort());
            ApiClient api = new ApiClient(APIS.stream().map(stack::apiBaseUrl).toList(),
                    // A rate limit high enough for the suite's traffic.
                    stack.createAccountKey("{\"name\":\"fault-suite\",\"rate_limit_per_minute\":100000}"));
            System.out.println(tag + " stack up: 2 api, 2 workers, 2 notifiers; logs in " + state.resolve("logs"));
            return new FaultStack(stack, callbacks, api, state);
        } catch (Exception | Error e) {
            stack.closeAndDeleteData();
            throw e;
        }
    }

    @Override
    public void close() {
        callbacks.close();
        stack.closeAndDeleteData();
    }
}
