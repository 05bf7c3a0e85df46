package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulk-export destinations ...}: add, list, get and delete the account's own buckets. */
@Command(name = "destinations", description = "Your own S3 buckets that jobs and schedules may write to",
        mixinStandardHelpOptions = true, subcommands = {DestinationsCommand.Add.class, DestinationsCommand.ListAll.class,
            DestinationsCommand.Get.class, DestinationsCommand.Delete.class})
final class DestinationsCommand {
    static final String PATH = "/destinations";
    /** The secret access key's variable: never a flag, which the shell's history and the process list would show. */
    static final String SECRET_VARIABLE = "BULK_EXPORT_SECRET_ACCESS_KEY";

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a destination; the API first writes "
            + "and deletes a test object under its prefix. The secret access key comes from $" + SECRET_VARIABLE
            + " or, when that is not set, from the first line of standard input.")
    static final class Add extends ApiCommand {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--bucket", required = true)
        String bucket;

        @Option(names = "--prefix", description = "Where under the bucket; each job writes into {prefix}/{job_id}/")
        String prefix;

        @Option(names = "--region", required = true)
        String region;

        @Option(names = "--endpoint", paramLabel = "URL", description = "An S3-compatible store; default: AWS S3")
        String endpoint;

        @Option(names = "--access-key-id", required = true)
        String accessKeyId;

        @Override
        public Integer call() throws IOException {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("type", "s3").put("name", name)
                    .put("bucket", bucket).put("region", region).put("access_key_id", accessKeyId)
                    .put("secret_access_key", secret());
            JobSpecOptions.putIfSet(body, "prefix", prefix);
            JobSpecOptions.putIfSet(body, "endpoint", endpoint);
            print(api().post(PATH, body.toString()));
            return ExitCode.OK;
        }

        private static String secret() throws IOException {
            String fromEnvironment = BulkExportCli.environment().get(SECRET_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                return fromEnvironment;
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new IllegalArgumentException("no secret access key: set " + SECRET_VARIABLE
                        + " or give it on standard input");
            }
            return line.strip();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The account's destinations, oldest first")
    static final class ListAll extends CollectionCommands.ListAll {
        @Override
        String collection() {
            return PATH;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One destination (never its secret)")
    static final class Get extends CollectionCommands.Get {
        @Override
        String collection() {
            return PATH;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a destination; jobs already "
            + "created keep writing to it")
    static final class Delete extends CollectionCommands.Delete {
        @Override
        String collection() {
            return PATH;
        }
    }
}
