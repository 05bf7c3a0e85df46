package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulk-export schedules ...}: a job for every period (the recurring sync), and its runs. */
@Command(name = "schedules", description = "Recurring exports: a job for every day, week, month or cron period",
        mixinStandardHelpOptions = true, subcommands = {SchedulesCommand.Create.class, SchedulesCommand.ListAll.class,
            SchedulesCommand.Get.class, SchedulesCommand.Runs.class, SchedulesCommand.Pause.class,
            SchedulesCommand.Resume.class, SchedulesCommand.Backfill.class, SchedulesCommand.Delete.class})
final class SchedulesCommand {
    static final String PATH = "/schedules";

    /** A command about one schedule, named by its id. */
    abstract static class OneScheduleCommand extends CollectionCommands.OfMember {
        @Override
        String collection() {
            return PATH;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a schedule: the job flags "
            + "without dates, and when and what period each run exports")
    static final class Create extends ApiCommand {
        @ArgGroup(exclusive = false, heading = "Each run's job%n")
        JobSpecOptions spec = new JobSpecOptions();

        @Option(names = "--name", description = "What the schedule is for")
        String name;

        @Option(names = "--cadence", description = "daily, weekly (Mondays), monthly (the 1st), all at 00:00, or a "
                + "5-field cron expression such as '30 0 1 * *'")
        String cadence;

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA time zone of the cadence, e.g. "
                + "Europe/Berlin")
        String timeZone;

        @Option(names = "--window", description = "previous_period, since_last_success, or last_days:N")
        String window;

        @Override
        public Integer call() {
            ObjectNode body = spec.object();
            JobSpecOptions.putIfSet(body, "name", name);
            JobSpecOptions.putIfSet(body, "cadence", cadence);
            JobSpecOptions.putIfSet(body, "time_zone", timeZone);
            if (window != null && window.startsWith("last_days:")) {
                String days = window.substring("last_days:".length());
                body.putObject("window").put("last_days", days.matches("\\d{1,9}") ? Integer.parseInt(days) : -1);
            } else {
                JobSpecOptions.putIfSet(body, "window", window);
            }
            print(api().post(PATH, body.toString()));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The account's schedules")
    static final class ListAll extends CollectionCommands.ListAll {
        @Override
        String collection() {
            return PATH;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "A schedule, its next run and last run")
    static final class Get extends CollectionCommands.Get {
        @Override
        String collection() {
            return PATH;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "A schedule's runs, newest first, "
            + "each with its job's status")
    static final class Runs extends OneScheduleCommand {
        @Mixin
        PageOptions pages;

        @Override
        public Integer call() {
            print(api().get(path() + "/runs" + pages.query()));
            return ExitCode.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "No runs until resumed")
    static final class Pause extends OneScheduleCommand {
        @Override
        public Integer call() {
            print(api().patch(path(), "{\"paused\":true}"));
            return ExitCode.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Runs again from the next moment of "
            + "its cadence (backfill covers the periods skipped)")
    static final class Resume extends OneScheduleCommand {
        @Override
        public Integer call() {
            print(api().patch(path(), "{\"paused\":false}"));
            return ExitCode.OK;
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true, description = "Runs for the past whole periods "
            + "between two days (at most 36 per call; periods run already are skipped)")
    static final class Backfill extends OneScheduleCommand {
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true)
        String from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true)
        String to;

        @Override
        public Integer call() {
            print(api().post(path() + "/backfill", ApiClient.JSON.createObjectNode().put("from", from).put("to", to)
                    .toString()));
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule; its jobs stay")
    static final class Delete extends CollectionCommands.Delete {
        @Override
        String collection() {
            return PATH;
        }
    }
}
