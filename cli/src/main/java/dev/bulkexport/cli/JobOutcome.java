package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What --wait and --download do once a job exists: follow it to its outcome, fetch and verify its files. */
final class JobOutcome {
    private JobOutcome() {
    }

    static int follow(ApiClient api, String jobId, WaitOptions wait, Path download) throws IOException {
        ProgressDisplay display = new ProgressDisplay(System.err, BulkExportCli.stderrIsTerminal());
        JsonNode job = new JobWaiter(api, display, wait.interval()).awaitOutcome(jobId, wait.timeout());
        if (job == null) {
            BulkExportCli.notice("job " + jobId + " still running after " + wait.timeoutSeconds + " s");
            return ExitCode.ERROR;
        }
        ApiCommand.print(job);
        String snapshot = icebergSnapshot(job);
        if (snapshot != null) {
            BulkExportCli.notice(snapshot);
        }
        return switch (job.path("status").asText()) {
            case "succeeded" -> download == null ? ExitCode.OK : download(api, job, download);
            case "cancelled" -> ExitCode.JOB_CANCELLED;
            default -> {
                BulkExportCli.notice("job " + jobId + " failed: " + job.path("error_message").asText());
                yield ExitCode.JOB_FAILED;
            }
        };
    }

    /** The Iceberg snapshot a succeeded job committed, as a line for the terminal; null for a job of files. */
    static String icebergSnapshot(JsonNode job) {
        JsonNode iceberg = job.path("result").path("iceberg");
        if (!iceberg.isObject()) {
            return null;
        }
        return "job " + job.path("job_id").asText() + " committed snapshot " + iceberg.path("snapshot_id").asText()
                + " of Iceberg table " + iceberg.path("table").asText() + " (metadata "
                + iceberg.path("metadata_location").asText() + ")";
    }

    /** One file: to {@code target}; several (a manifest, later): into {@code target} as a directory. */
    static int download(ApiClient api, JsonNode job, Path target) throws IOException {
        JsonNode destination = job.path("result").path("destination");
        if (destination.isObject()) {
            BulkExportCli.notice("job " + job.path("job_id").asText() + " wrote its files to its destination, s3://"
                    + destination.path("bucket").asText() + "/" + destination.path("prefix").asText()
                    + ": nothing to download");
            return ExitCode.OK;
        }
        List<RemoteFile> files = ResultFiles.of(api, job);
        ResumableDownload downloader = new ResumableDownload(BulkExportCli::notice);
        for (RemoteFile file : files) {
            Path path = files.size() == 1 ? target : Files.createDirectories(target).resolve(file.fileName());
            downloader.fetch(file, path);
            BulkExportCli.notice("downloaded " + path + " (" + file.sizeBytes() + " bytes, sha256 " + file.sha256()
                    + " verified)");
        }
        return ExitCode.OK;
    }

    /** Options of waiting for an outcome. */
    static final class WaitOptions {
        @picocli.CommandLine.Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "1",
                description = "Seconds between two looks at the job (default ${DEFAULT-VALUE})")
        double pollSeconds;

        @picocli.CommandLine.Option(names = "--timeout-seconds", paramLabel = "S",
                description = "Give up waiting after this long (exit 1); default: wait for the outcome")
        Long timeoutSeconds;

        Duration interval() {
            return Duration.ofMillis((long) (pollSeconds * 1000));
        }

        Duration timeout() {
            return timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
        }
    }
}
