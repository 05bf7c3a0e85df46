package dev.bulkexport.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/bulk-export}: the command line client of the Property Bulk Export API. */
@Command(name = "bulk-export", mixinStandardHelpOptions = true, version = "bulk-export 0.1.0",
        description = "Property Bulk Export from the command line. Exit codes: 0 ok (job succeeded), 1 error, "
                + "2 usage or invalid request (400), 3 authentication or permission (401/403), 4 job failed, "
                + "5 job cancelled, 6 download does not match its sha256.",
        subcommands = {JobsCommand.class, SchedulesCommand.class, DestinationsCommand.class, LookupCommand.class,
            QuotaImpactCommand.class})
public final class BulkExportCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine command = new CommandLine(new BulkExportCli());
        command.setExecutionExceptionHandler((failure, line, parsed) -> {
            notice("error: " + failure.getMessage());
            return exitCode(failure);
        });
        return command.execute(args);
    }

    static int exitCode(Exception failure) {
        if (failure instanceof ApiException api) {
            return ExitCode.forStatus(api.status());
        }
        if (failure instanceof Connection.MissingKeyException) {
            return ExitCode.AUTH;
        }
        if (failure instanceof ResumableDownload.CorruptDownloadException) {
            return ExitCode.DOWNLOAD_CORRUPT;
        }
        return ExitCode.ERROR;
    }

    static Map<String, String> environment() {
        return System.getenv();
    }

    /** Messages for the person at the terminal go to stderr; stdout holds only the API's JSON answers. */
    static void notice(String message) {
        System.err.println(message);
        System.err.flush();
    }

    /**
     * Whether stderr, where progress goes, is a terminal. Java cannot ask that of stderr itself, so
     * bin/bulk-export tells it ({@code -Dbulk-export.stderr-tty=true|false}, from {@code [ -t 2 ]}). Run as
     * {@code java -jar}, the console decides: null when redirected up to Java 21; from Java 22 it exists
     * regardless and {@code Console.isTerminal()} says.
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("bulk-export.stderr-tty");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
