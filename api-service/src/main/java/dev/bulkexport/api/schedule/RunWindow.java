package dev.bulkexport.api.schedule;

import java.time.LocalDate;

/**
 * The days a schedule's run exports. {@code previous_period}: the period that just ended. {@code since_last_success}:
 * from the first day no succeeded run exported (the day after the last succeeded run's end date; before any
 * success, the first day of the schedule's first run; before any run, the period's first day) to the day before
 * the run. {@code last_days}: the N days before the run.
 */
public sealed interface RunWindow {

    /** The days of the run that ends {@code period}; {@code firstUncovered} is null before any run. */
    Dates dates(Cadence.Period period, LocalDate firstUncovered);

    /** As stored in {@code api.schedules.run_window}: the wire name, or {@code last_days:N}. */
    String stored();

    static RunWindow fromStored(String stored) {
        return switch (stored) {
            case "previous_period" -> new PreviousPeriod();
            case "since_last_success" -> new SinceLastSuccess();
            default -> new LastDays(Integer.parseInt(stored.substring("last_days:".length())));
        };
    }

    record PreviousPeriod() implements RunWindow {
        @Override
        public Dates dates(Cadence.Period period, LocalDate firstUncovered) {
            return new Dates(period.start(), period.end());
        }

        @Override
        public String stored() {
            return "previous_period";
        }
    }

    record SinceLastSuccess() implements RunWindow {
        @Override
        public Dates dates(Cadence.Period period, LocalDate firstUncovered) {
            return new Dates(firstUncovered == null ? period.start() : firstUncovered, period.end());
        }

        @Override
        public String stored() {
            return "since_last_success";
        }
    }

    record LastDays(int days) implements RunWindow {
        @Override
        public Dates dates(Cadence.Period period, LocalDate firstUncovered) {
            return new Dates(period.end().minusDays(days - 1L), period.end());
        }

        @Override
        public String stored() {
            return "last_days:" + days;
        }
    }

    /** Days from {@code start} to {@code end}, both included; empty when start is after end. */
    record Dates(LocalDate start, LocalDate end) {
        public boolean isEmpty() {
            return start.isAfter(end);
        }
    }
}
