package dev.bulkexport.api.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Schedules (recurring exports): the due-check every replica runs, and backfill bounds. */
@ConfigMapping(prefix = "export.schedules")
public interface ScheduleConfig {
    /**
     * How often a replica looks for due schedules and pending runs; a run starts at most this long after its
     * moment. Replicas claim schedules with SKIP LOCKED, so any number may run it. {@code off} disables it.
     */
    @WithDefault("15s")
    String checkInterval();

    /** Most schedules, and most pending runs, one check handles in a transaction; the rest wait for the next. */
    @WithDefault("20")
    int batchSize();

    /**
     * Most pending runs of one account one check takes ({@code SCHEDULE_RUNS_PER_ACCOUNT_PER_CHECK}): the batch is
     * filled round-robin across accounts, so one account's many due runs never hold back another's. An account is
     * given no more than its free room under its cap of unfinished jobs; an account at its cap is skipped.
     */
    @WithDefault("5")
    int runsPerAccountPerCheck();

    /** Most schedules one account may have ({@code MAX_SCHEDULES_PER_ACCOUNT}); a create beyond it is a 400. */
    @WithDefault("100")
    int maxPerAccount();

    /** Most periods one backfill call may ask for; more is a 400 naming this limit. */
    @WithDefault("36")
    int maxBackfillPeriods();

    /**
     * Most missed periods one check runs of one {@code previous_period} or {@code last_days} schedule after
     * an outage; the next check goes on where it stopped.
     */
    @WithDefault("36")
    int maxCatchUpPeriods();
}
