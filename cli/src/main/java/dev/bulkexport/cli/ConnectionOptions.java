package dev.bulkexport.cli;

import picocli.CommandLine.Option;

/** The connection flags every API command takes; each falls back to the environment, then the profile file. */
public final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL", description = "API base URL (env BULK_EXPORT_URL; default "
            + Connection.LOCAL_RUN + ")")
    String url;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key (env BULK_EXPORT_API_KEY)")
    String apiKey;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile in the profile file (env "
            + "BULK_EXPORT_PROFILE_FILE, default ~/.config/bulk-export/profiles.properties); default: default")
    String profile;
}
