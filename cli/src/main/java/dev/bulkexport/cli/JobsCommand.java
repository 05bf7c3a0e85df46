package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulk-export jobs ...}: create, get, list, cancel, wait and results. */
@Command(name = "jobs", description = "Export jobs", mixinStandardHelpOptions = true,
        subcommands = {JobsCommand.Create.class, JobsCommand.Get.class, JobsCommand.ListJobs.class,
            JobsCommand.Cancel.class, JobsCommand.Wait.class, JobsCommand.Results.class})
final class JobsCommand {

    /** A command about one job, named by its id. */
    abstract static class OneJobCommand extends ApiCommand {
        @Parameters(paramLabel = "JOB_ID")
        String jobId;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a job; with --wait, follow "
            + "it to its outcome; with --download, also fetch and verify its file")
    static final class Create extends ApiCommand {
        @ArgGroup(exclusive = false, heading = "Job%n")
        JobSpecOptions spec = new JobSpecOptions();

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Same key and body: the same job")
        String idempotencyKey;

        @Option(names = "--wait", description = "Show progress until the job has an outcome; exit code says which")
        boolean wait;

        @Option(names = "--download", paramLabel = "FILE", description = "Wait, then download the result to FILE "
                + "(resumes, checks sha256)")
        Path download;

        @Mixin
        JobOutcome.WaitOptions waitOptions;

        @Override
        public Integer call() throws Exception {
            ApiClient api = api();
            JsonNode job = api.createJob(spec.body(), idempotencyKey);
            if (!wait && download == null) {
                print(job);
                return ExitCode.OK;
            }
            BulkExportCli.notice("created job " + job.path("job_id").asText());
            return JobOutcome.follow(api, job.path("job_id").asText(), waitOptions, download);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "A job's status, progress and result")
    static final class Get extends OneJobCommand {
        @Override
        public Integer call() {
            print(api().job(jobId));
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The account's jobs, newest first")
    static final class ListJobs extends ApiCommand {
        @Mixin
        PageOptions pages;

        @Option(names = "--status", paramLabel = "STATUS", description = "submitted, succeeded, failed or cancelled")
        String status;

        @Override
        public Integer call() {
            print(api().listJobs(pages.page, pages.perPage, status));
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job that has not finished")
    static final class Cancel extends OneJobCommand {
        @Override
        public Integer call() {
            print(api().cancelJob(jobId));
            return ExitCode.OK;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true, description = "Follow a job to its outcome, "
            + "optionally downloading its file")
    static final class Wait extends OneJobCommand {
        @Option(names = "--download", paramLabel = "FILE")
        Path download;

        @Mixin
        JobOutcome.WaitOptions waitOptions;

        @Override
        public Integer call() throws Exception {
            return JobOutcome.follow(api(), jobId, waitOptions, download);
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true, description = "Print the pre-signed download "
            + "URL (valid 7 days), or with --download fetch and verify the file")
    static final class Results extends OneJobCommand {
        @Option(names = "--download", paramLabel = "FILE")
        Path download;

        @Override
        public Integer call() throws Exception {
            ApiClient api = api();
            if (download == null) {
                System.out.println(api.resultsUrl(jobId));
                return ExitCode.OK;
            }
            return JobOutcome.download(api, api.job(jobId), download);
        }
    }
}
