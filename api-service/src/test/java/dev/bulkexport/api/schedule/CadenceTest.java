package dev.bulkexport.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CadenceTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static List<ZonedDateTime> runs(Cadence cadence, ZonedDateTime from, ZonedDateTime to) {
        List<ZonedDateTime> runs = new ArrayList<>();
        for (Instant at = cadence.nextAfter(from.toInstant()); at.isBefore(to.toInstant()); at = cadence.nextAfter(at)) {
            runs.add(at.atZone(cadence.zone()));
        }
        return runs;
    }

    @Test
    void a_daily_run_at_a_time_spring_forward_skips_happens_once_that_day_an_hour_later() {
        Cadence cadence = Cadence.of("30 2 * * *", BERLIN);
        List<ZonedDateTime> runs = runs(cadence, ZonedDateTime.of(2025, 3, 29, 12, 0, 0, 0, BERLIN),
                ZonedDateTime.of(2025, 4, 1, 0, 0, 0, 0, BERLIN));
        assertThat(runs).extracting(ZonedDateTime::toLocalDateTime).extracting(Object::toString)
                .containsExactly("2025-03-30T03:30", "2025-03-31T02:30");
        assertThat(cadence.periodEndingAt(runs.get(0).toInstant()))
                .isEqualTo(new Cadence.Period(runs.get(0).toInstant(), LocalDate.of(2025, 3, 29), LocalDate.of(2025, 3, 29)));
    }

    @Test
    void a_daily_run_at_a_time_fall_back_repeats_happens_once_that_day() {
        Cadence cadence = Cadence.of("30 1 * * *", NEW_YORK);
        List<ZonedDateTime> runs = runs(cadence, ZonedDateTime.of(2025, 11, 1, 12, 0, 0, 0, NEW_YORK),
                ZonedDateTime.of(2025, 11, 4, 0, 0, 0, 0, NEW_YORK));
        assertThat(runs).extracting(run -> run.toLocalDate().toString())
                .containsExactly("2025-11-02", "2025-11-03");
        assertThat(runs.get(0).getOffset().getTotalSeconds()).isEqualTo(-4 * 3600); // the first 01:30, EDT
    }

    @Test
    void a_monthly_run_at_00_30_berlin_happens_once_in_the_months_clocks_change() {
        Cadence cadence = Cadence.of("30 0 * * 0", BERLIN); // Sundays: clocks change on Sundays
        List<ZonedDateTime> runs = runs(cadence, ZonedDateTime.of(2025, 3, 29, 0, 0, 0, 0, BERLIN),
                ZonedDateTime.of(2025, 3, 31, 0, 0, 0, 0, BERLIN));
        assertThat(runs).hasSize(1);
        Cadence monthly = Cadence.of("30 0 1 * *", BERLIN);
        List<ZonedDateTime> months = runs(monthly, ZonedDateTime.of(2025, 1, 15, 0, 0, 0, 0, BERLIN),
                ZonedDateTime.of(2025, 12, 15, 0, 0, 0, 0, BERLIN));
        assertThat(months).hasSize(11).allSatisfy(run -> assertThat(run.toLocalTime().toString()).isEqualTo("00:30"));
    }

    @Test
    void monthly_periods_are_whole_calendar_months_across_month_ends_and_leap_years() {
        Cadence monthly = Cadence.of("monthly", NEW_YORK);
        Instant march = monthly.nextAfter(ZonedDateTime.of(2025, 2, 15, 0, 0, 0, 0, NEW_YORK).toInstant());
        assertThat(monthly.periodEndingAt(march)).extracting(Cadence.Period::start, Cadence.Period::end)
                .containsExactly(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 28));
        Instant leapMarch = monthly.nextAfter(ZonedDateTime.of(2024, 2, 15, 0, 0, 0, 0, NEW_YORK).toInstant());
        assertThat(monthly.periodEndingAt(leapMarch).end()).isEqualTo(LocalDate.of(2024, 2, 29));
        Instant february = monthly.nextAfter(ZonedDateTime.of(2025, 1, 31, 12, 0, 0, 0, NEW_YORK).toInstant());
        assertThat(february).isEqualTo(ZonedDateTime.of(2025, 2, 1, 0, 0, 0, 0, NEW_YORK).toInstant());
        assertThat(monthly.periodEndingAt(february)).extracting(Cadence.Period::start, Cadence.Period::end)
                .containsExactly(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31));
    }

    @Test
    void a_run_on_the_31st_covers_the_days_since_the_last_31st() {
        Cadence cadence = Cadence.of("0 6 31 * *", BERLIN);
        Instant march31 = cadence.nextAfter(ZonedDateTime.of(2025, 2, 1, 0, 0, 0, 0, BERLIN).toInstant());
        assertThat(cadence.periodEndingAt(march31)).extracting(Cadence.Period::start, Cadence.Period::end)
                .containsExactly(LocalDate.of(2025, 1, 31), LocalDate.of(2025, 3, 30));
    }

    @Test
    void daily_and_weekly_periods_are_the_day_and_the_week_before() {
        Instant day = Cadence.of("daily", BERLIN).nextAfter(ZonedDateTime.of(2025, 3, 30, 1, 0, 0, 0, BERLIN).toInstant());
        assertThat(Cadence.of("daily", BERLIN).periodEndingAt(day)).extracting(Cadence.Period::start, Cadence.Period::end)
                .containsExactly(LocalDate.of(2025, 3, 30), LocalDate.of(2025, 3, 30));
        Cadence weekly = Cadence.of("weekly", BERLIN);
        Instant monday = weekly.nextAfter(ZonedDateTime.of(2025, 3, 26, 0, 0, 0, 0, BERLIN).toInstant());
        assertThat(weekly.periodEndingAt(monday)).extracting(Cadence.Period::start, Cadence.Period::end)
                .containsExactly(LocalDate.of(2025, 3, 24), LocalDate.of(2025, 3, 30));
    }

    @Test
    void windows_cut_the_days_of_a_period() {
        Cadence.Period february = new Cadence.Period(Instant.EPOCH, LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 28));
        assertThat(new RunWindow.LastDays(7).dates(february, null))
                .isEqualTo(new RunWindow.Dates(LocalDate.of(2025, 2, 22), LocalDate.of(2025, 2, 28)));
        assertThat(new RunWindow.SinceLastSuccess().dates(february, LocalDate.of(2025, 1, 20)))
                .isEqualTo(new RunWindow.Dates(LocalDate.of(2025, 1, 20), LocalDate.of(2025, 2, 28)));
        assertThat(new RunWindow.SinceLastSuccess().dates(february, null))
                .isEqualTo(new RunWindow.Dates(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 28)));
    }

    @Test
    void a_cadence_that_runs_more_than_once_a_day_or_is_not_cron_is_refused_with_the_rule() {
        assertThatThrownBy(() -> Cadence.of("0 * * * *", BERLIN)).hasMessageContaining("at most once a day");
        assertThatThrownBy(() -> Cadence.of("hourly", BERLIN)).hasMessageContaining("5-field cron");
        assertThatThrownBy(() -> Cadence.of("0 0 * *", BERLIN)).hasMessageContaining("5-field cron");
        assertThatThrownBy(() -> Cadence.of("0 0 30 2 *", BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
