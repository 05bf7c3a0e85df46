package dev.bulkexport.cli;

import picocli.CommandLine.Option;

/** {@code --page} and {@code --per-page} of a list command. */
final class PageOptions {
    @Option(names = "--page", paramLabel = "N")
    Integer page;

    @Option(names = "--per-page", paramLabel = "N", description = "1 to 100 (default 50)")
    Integer perPage;

    /** {@code ?page=&per_page=}, the members not set left out. */
    String query() {
        return ApiClient.page(page, perPage);
    }
}
