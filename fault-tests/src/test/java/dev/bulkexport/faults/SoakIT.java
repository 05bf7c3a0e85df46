package dev.bulkexport.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.ExportStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The soak, opt-in ({@code -Dsoak.minutes=30}): for that many minutes jobs keep flowing into the suite's stack
 * (17 a minute, the round's mix) while one random fault after another hits it: an api replica, a worker or a
 * notifier killed (SIGKILL) or stopped (SIGTERM) and restarted, the Kafka broker, PostgreSQL or S3Proxy stopped
 * for a few seconds and started again. Then every job is checked as the fault matrix does. The faults come from
 * a seeded random sequence; the seed is printed, and {@code -Dsoak.seed} replays it.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[1-9][0-9]*")
class SoakIT {
    private static final int JOBS_PER_MINUTE = 17;
    private static final Duration SETTLE_WITHIN = Duration.ofMinutes(10);

    @Test
    void every_job_ends_as_it_should_through_random_kills_and_restarts_of_every_part() throws Exception {
        int minutes = Integer.getInteger("soak.minutes");
        long seed = Long.getLong("soak.seed", System.currentTimeMillis());
        System.out.println("[soak] " + minutes + " minutes, seed " + seed + " (replay with -Dsoak.seed=" + seed + ")");
        Random random = new Random(seed);
        try (FaultStack system = FaultStack.start("[soak]")) {
            Round round = new Round("soak %d min, seed %d".formatted(minutes, seed), system.api, system.callbacks.url());
            int jobs = minutes * JOBS_PER_MINUTE;
            CompletableFuture<Void> submitting = round.submitInBackground(0, jobs,
                    Duration.ofMinutes(minutes).dividedBy(jobs));
            Instant start = Instant.now();
            Instant end = start.plus(Duration.ofMinutes(minutes));
            List<String> faults = new ArrayList<>();
            while (Instant.now().isBefore(end)) {
                String fault = injectOne(system.stack, random);
                faults.add(fault);
                System.out.printf("[soak] %s after %d s (%d jobs submitted)%n", fault,
                        Duration.between(start, Instant.now()).toSeconds(), round.jobs.size());
                ApiClient.pause(Duration.ofSeconds(5 + random.nextInt(16))); // the quiet time between two faults
            }
            Instant healed = Instant.now();
            submitting.join();
            FaultMatrix.Row row = new RoundCheck(system).verify(round, healed, "%d faults: %s".formatted(faults.size(),
                    faults.stream().collect(Collectors.groupingBy(fault -> fault.replaceAll(" \\d+ s$", ""),
                            TreeMap::new, Collectors.counting()))), SETTLE_WITHIN);
            FaultMatrix matrix = new FaultMatrix();
            matrix.add(row);
            System.out.println("\n[soak] matrix\n" + matrix.table());
            matrix.write(Path.of("target", "soak-matrix.md"));
            assertThat(jobs).as("jobs over %d minutes", minutes).isGreaterThanOrEqualTo(minutes * 500 / 30);
            assertThat(row.clean()).as("no job lost, stuck, in the wrong state or corrupt, no webhook missing or"
                    + " conflicting, quota consistent (seed %d): %s", seed, row).isTrue();
        }
    }

    /** One fault, healed before it returns (a service restarted and ready, a stopped part started again). */
    private static String injectOne(ExportStack stack, Random random) {
        List<String> services = Stream.of(FaultStack.APIS, FaultStack.WORKERS, FaultStack.NOTIFIERS)
                .flatMap(List::stream).toList();
        int pick = random.nextInt(services.size() + 3);
        if (pick < services.size()) {
            String service = services.get(pick);
            boolean kill = random.nextBoolean();
            if (kill) {
                stack.kill(service);
            } else {
                stack.terminate(service);
            }
            stack.restart(service);
            return (kill ? "kill -9 " : "SIGTERM ") + service;
        }
        Duration outage = Duration.ofSeconds(3 + random.nextInt(13));
        String part = switch (pick - services.size()) {
            case 0 -> {
                stack.stopKafka();
                ApiClient.pause(outage); // the outage
                stack.startKafka();
                yield "Kafka";
            }
            case 1 -> {
                stack.stopPostgres();
                ApiClient.pause(outage); // the outage
                stack.startPostgres();
                yield "PostgreSQL";
            }
            default -> {
                stack.stopS3();
                ApiClient.pause(outage); // the outage
                stack.startS3();
                yield "S3Proxy";
            }
        };
        return part + " down " + outage.toSeconds() + " s";
    }
}
