package dev.bulkexport.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulk-export lookup}: property ids by name or address text, city, state or ZIP code. */
@Command(name = "lookup", mixinStandardHelpOptions = true, description = "Find property ids to export")
final class LookupCommand extends ApiCommand {
    @Option(names = "--query", paramLabel = "TEXT", description = "Name or address text")
    String query;

    @Option(names = "--city")
    String city;

    @Option(names = "--state")
    String state;

    @Option(names = "--zip-code")
    String zipCode;

    @Option(names = "--page", paramLabel = "N")
    Integer page;

    @Option(names = "--per-page", paramLabel = "N", description = "1 to 100 (default 50)")
    Integer perPage;

    @Override
    public Integer call() {
        Map<String, String> filters = new HashMap<>();
        filters.put("query", query);
        filters.put("city", city);
        filters.put("state", state);
        filters.put("zip_code", zipCode);
        filters.put("page", page == null ? null : page.toString());
        filters.put("per_page", perPage == null ? null : perPage.toString());
        print(api().lookup(filters));
        return ExitCode.OK;
    }
}
