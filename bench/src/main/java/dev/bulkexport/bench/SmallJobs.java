package dev.bulkexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkexport.testsupport.WebhookReceiver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small-job latency: jobs of one property × 30 days submitted one after another, each with a callback to a
 * loopback receiver; submit → {@code succeeded} as the client polls it, and the job's {@code completed_at}
 * → webhook received.
 */
final class SmallJobs {
    /** Latencies in milliseconds, sorted. */
    record Latencies(double[] toSucceeded, double[] toWebhook, int jobs, int webhooks) {
        static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private SmallJobs() {
    }

    static Latencies run(BenchApi api, int jobs, List<Long> propertyIds, LocalDate firstDay) throws IOException {
        Map<String, Instant> webhookAt = new ConcurrentHashMap<>();
        Map<String, Instant> completedAt = new ConcurrentHashMap<>();
        try (WebhookReceiver receiver = WebhookReceiver.start(0, request -> {
            Instant now = Instant.now();
            try {
                JsonNode body = BenchApi.JSON.readTree(request.body());
                webhookAt.putIfAbsent(body.path("data").path("job_id").asText(), now);
            } catch (IOException e) {
                System.err.println("unreadable webhook: " + e);
            }
        })) {
            List<Double> toSucceeded = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                long property = propertyIds.get(i % propertyIds.size());
                long submitted = System.nanoTime();
                String jobId = api.submit("units", "csv", List.of(property), firstDay, firstDay.plusDays(29),
                        receiver.url("/hooks/bench"));
                JsonNode job = api.awaitOutcome(jobId, Duration.ofMillis(20), Duration.ofMinutes(2));
                double ms = (System.nanoTime() - submitted) / 1e6;
                if (!"succeeded".equals(job.get("status").asText())) {
                    throw new IllegalStateException("small job " + jobId + " ended " + job);
                }
                toSucceeded.add(ms);
                completedAt.put(jobId, Instant.parse(job.get("completed_at").asText()));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!webhookAt.keySet().containsAll(completedAt.keySet()) && System.nanoTime() < deadline) {
                BenchApi.sleep(Duration.ofMillis(100));
            }
            double[] toWebhook = completedAt.entrySet().stream().filter(e -> webhookAt.containsKey(e.getKey()))
                    .mapToDouble(e -> Duration.between(e.getValue(), webhookAt.get(e.getKey())).toNanos() / 1e6)
                    .sorted().toArray();
            double[] succeeded = toSucceeded.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latencies(succeeded, toWebhook, jobs, toWebhook.length);
        }
    }
}
