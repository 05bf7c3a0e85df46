package dev.bulkexport.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One scenario's jobs: a mix of report types, formats and sizes submitted with a callback, some cancelled,
 * each with the terminal status it must reach.
 */
final class Round {
    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");
    private static final String[] FORMATS = {"csv", "jsonl", "parquet"};

    /** What one job asks for. */
    record Spec(String reportType, String format, List<Integer> propertyIds, String startDate, String endDate) {
        String body(String callbackUrl) {
            return """
                    {"report_type":"%s","output_format":"%s","start_date":"%s","end_date":"%s","property_ids":%s,\
                    "callback_url":"%s"}""".formatted(reportType, format, startDate, endDate, propertyIds, callbackUrl);
        }
    }

    /** A job the API accepted, and the status it must end in. */
    static final class Job {
        final String id;
        final Spec spec;
        volatile String expected = "succeeded";
        /** The status the API showed last. */
        volatile String seen = "";

        Job(String id, Spec spec) {
            this.id = id;
            this.spec = spec;
        }
    }

    final String scenario;
    final List<Job> jobs = new CopyOnWriteArrayList<>();
    /** Requests of this round that got no answer or a 5xx and were tried again. */
    final AtomicInteger failedTries = new AtomicInteger();
    final List<Integer> failedStatuses = new CopyOnWriteArrayList<>();
    private final ApiClient api;
    private final String callbackUrl;

    Round(String scenario, ApiClient api, String callbackUrl) {
        this.scenario = scenario;
        this.api = api;
        this.callbackUrl = callbackUrl;
    }

    /**
     * The i-th job of a round: one in ten is large (units of all 25 demo properties over two years, ~110k rows),
     * two in ten medium (units or floorplans, 5 properties over a year), the rest small (1-3 properties, a month).
     */
    static Spec mix(int i) {
        String format = FORMATS[i % FORMATS.length];
        return switch (i % 10) {
            case 0 -> large(format);
            case 1 -> new Spec("units", format, ids(1 + i % 20, 5), "2024-01-01", "2024-12-31");
            case 2 -> new Spec("floorplans", format, ids(1 + i % 20, 5), "2024-01-01", "2024-12-31");
            default -> new Spec(i % 2 == 0 ? "property" : "floorplans", format, ids(1 + i % 23, 1 + i % 3),
                    "2024-03-01", "2024-03-31");
        };
    }

    static Spec large(String format) {
        return new Spec("units", format, ids(1, 25), "2023-01-01", "2024-12-31");
    }

    /**
     * Units of all 25 demo properties over three years: over the suite's fan-out threshold by its estimate
     * (property-days), ~110k rows as the demo data starts in 2023.
     */
    static Spec fannedOut(String format) {
        return new Spec("units", format, ids(1, 25), "2022-01-01", "2024-12-31");
    }

    private static List<Integer> ids(int first, int count) {
        return IntStream.range(first, first + count).boxed().toList();
    }

    Job submit(Spec spec) {
        ApiClient.Created created = api.create(spec.body(callbackUrl));
        failedTries.addAndGet(created.failedTries());
        failedStatuses.addAll(created.failedStatuses());
        Job job = new Job(created.jobId(), spec);
        jobs.add(job);
        return job;
    }

    /** Submits jobs {@code from} to {@code to} of the mix, one per interval; every fifth medium one is cancelled. */
    CompletableFuture<Void> submitInBackground(int from, int to, Duration interval) {
        return CompletableFuture.runAsync(() -> {
            for (int i = from; i < to; i++) {
                Job job = submit(mix(i));
                if (i % 10 == 1 && i % 20 == 1) {
                    cancel(job);
                }
                ApiClient.pause(interval); // the pace of a client submitting a batch, not synchronisation
            }
        });
    }

    /** Cancels a job: it must end cancelled, unless it had already ended (409) and then it must have succeeded. */
    void cancel(Job job) {
        int status = api.cancel(job.id);
        if (status == 200) {
            job.expected = "cancelled";
        } else if (status != 409) {
            throw new IllegalStateException("cancel " + job.id + " answered " + status);
        }
    }

    /** Jobs not yet in a terminal status, as the API shows them now. */
    List<Job> unfinished() {
        return jobs.stream().filter(job -> !TERMINAL.contains(status(job))).toList();
    }

    String status(Job job) {
        job.seen = api.get(job.id).path("status").asText("");
        return job.seen;
    }

    String describe() {
        return jobs.stream().collect(Collectors.groupingBy(job -> job.spec.reportType() + "/" + job.spec.format(),
                Collectors.counting())).toString();
    }
}
