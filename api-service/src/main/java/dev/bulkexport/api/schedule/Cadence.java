package dev.bulkexport.api.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * When a schedule runs: {@code daily} (00:00), {@code weekly} (Monday 00:00), {@code monthly} (the 1st, 00:00) or
 * a 5-field Unix cron expression, read in the schedule's time zone. cron-utils steps the expression on the wall
 * clock (a zone without DST); each wall-clock run is then placed in the real zone once: a time that a spring-forward
 * skips runs at the same offset later, a time an autumn fall-back repeats runs at its first occurrence. So a run
 * happens exactly once on the days clocks change. The data is daily, so a cadence may run at most once a day.
 */
public final class Cadence {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> NAMED = Map.of("daily", "0 0 * * *", "weekly", "0 0 * * 1",
            "monthly", "0 0 1 * *");
    /** How many runs the once-a-day rule looks at: more than a year of any cadence that passes it. */
    private static final int RUNS_CHECKED = 400;

    private final String wire;
    private final ExecutionTime executions;
    private final ZoneId zone;

    private Cadence(String wire, ExecutionTime executions, ZoneId zone) {
        this.wire = wire;
        this.executions = executions;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming the rule the expression breaks */
    public static Cadence of(String wire, ZoneId zone) {
        ExecutionTime executions;
        try {
            executions = ExecutionTime.forCron(PARSER.parse(NAMED.getOrDefault(wire, wire)).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cadence must be daily, weekly, monthly or a 5-field cron expression"
                    + " (minute hour day-of-month month day-of-week): " + e.getMessage());
        }
        Cadence cadence = new Cadence(wire, executions, zone);
        LocalDateTime run = LocalDateTime.of(2024, 12, 31, 0, 0);
        for (int i = 0; i < RUNS_CHECKED; i++) {
            LocalDateTime next = cadence.wallNext(run);
            if (next == null) {
                throw new IllegalArgumentException("cadence '" + wire + "' never runs again");
            }
            if (i > 0 && next.toLocalDate().equals(run.toLocalDate())) {
                throw new IllegalArgumentException("cadence '" + wire + "' runs more than once a day; the data is"
                        + " daily, so a schedule runs at most once a day");
            }
            run = next;
        }
        return cadence;
    }

    public String wire() {
        return wire;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first run strictly after {@code at}. */
    public Instant nextAfter(Instant at) {
        // Start a little before, on the wall clock: a run that a spring-forward moved later may still be ahead.
        LocalDateTime wall = LocalDateTime.ofInstant(at, zone).minusHours(3);
        Instant next;
        do {
            wall = wallNext(wall);
            next = placed(wall);
        } while (!next.isAfter(at));
        return next;
    }

    /**
     * The period that ends with the run at {@code runAt}: from the day of the run before it to the day before
     * this run, in the schedule's zone.
     */
    public Period periodEndingAt(Instant runAt) {
        LocalDate day = LocalDate.ofInstant(runAt, zone);
        LocalDateTime previous = executions.lastExecution(day.atStartOfDay().atZone(ZoneOffset.UTC))
                .map(ZonedDateTime::toLocalDateTime).orElseThrow();
        return new Period(runAt, previous.toLocalDate(), day.minusDays(1));
    }

    private LocalDateTime wallNext(LocalDateTime wall) {
        return executions.nextExecution(wall.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime).orElse(null);
    }

    private Instant placed(LocalDateTime wall) {
        return ZonedDateTime.ofLocal(wall, zone, null).toInstant();
    }

    /** A period of a schedule: the days {@code start} to {@code end} (both included), over at {@code runAt}. */
    public record Period(Instant runAt, LocalDate start, LocalDate end) {
    }
}
