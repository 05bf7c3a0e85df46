package dev.bulkexport.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/** {@code bulk-export quota-impact}: what a create body would consume; creates nothing. */
@Command(name = "quota-impact", mixinStandardHelpOptions = true, description = "What a job would consume of "
        + "the monthly quota (a dry run of create)")
final class QuotaImpactCommand extends ApiCommand {
    @ArgGroup(exclusive = false, heading = "Job%n")
    JobSpecOptions spec = new JobSpecOptions();

    @Override
    public Integer call() {
        print(api().quotaImpact(spec.body()));
        return ExitCode.OK;
    }
}
