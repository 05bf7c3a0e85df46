package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The members of a create body, as flags; or the whole body from a JSON file. */
final class JobSpecOptions {
    @Option(names = {"-r", "--report-type"}, paramLabel = "TYPE", description = "property, units or floorplans")
    String reportType;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "csv, jsonl or parquet")
    String outputFormat;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First day")
    String startDate;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD", description = "Last day")
    String endDate;

    @Option(names = {"-p", "--property-ids"}, paramLabel = "ID", split = ",", description = "Property ids, "
            + "comma-separated (see lookup)")
    List<Long> propertyIds;

    @Option(names = "--callback-url", paramLabel = "URL", description = "Called with the outcome (signed webhook)")
    String callbackUrl;

    @Option(names = "--compression", paramLabel = "C", description = "none, gzip or zstd (CSV and JSONL)")
    String compression;

    @Option(names = "--fields", paramLabel = "COLUMN", split = ",", description = "Columns to export, "
            + "comma-separated, in that order (see docs/data-dictionary.md); default: all")
    List<String> fields;

    @Option(names = "--max-file-size-mb", paramLabel = "MB", description = "Split the output into files of at "
            + "most this size (--download then writes them into a directory)")
    Integer maxFileSizeMb;

    @Option(names = "--destination-id", paramLabel = "ID", description = "Write the files to this destination "
            + "(your bucket, see destinations) instead of ours")
    String destinationId;

    @Option(names = "--iceberg-table", paramLabel = "NAMESPACE.TABLE", description = "Commit the rows as one "
            + "snapshot of this Apache Iceberg table in the destination's bucket. Needs --destination-id, -f parquet, "
            + "one whole calendar month (a schedule: --cadence monthly --window previous_period) and, with "
            + "--fields, the report's key columns")
    String icebergTable;

    @Option(names = "--body-file", paramLabel = "FILE", description = "The create body as JSON instead of the "
            + "flags above")
    Path bodyFile;

    /** The JSON body; the API checks it and answers 400 naming the field when a member is wrong or missing. */
    String body() {
        return object().toString();
    }

    /** The body as an object, for a command to add its own members to (unless it came from a file). */
    ObjectNode object() {
        if (bodyFile != null) {
            try {
                return (ObjectNode) ApiClient.JSON.readTree(Files.readString(bodyFile));
            } catch (ClassCastException e) {
                throw new IllegalArgumentException(bodyFile + " does not hold a JSON object");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + bodyFile, e);
            }
        }
        ObjectNode body = ApiClient.JSON.createObjectNode();
        putIfSet(body, "report_type", reportType);
        putIfSet(body, "output_format", outputFormat);
        putIfSet(body, "start_date", startDate);
        putIfSet(body, "end_date", endDate);
        if (propertyIds != null) {
            ArrayNode ids = body.putArray("property_ids");
            propertyIds.forEach(ids::add);
        }
        putIfSet(body, "callback_url", callbackUrl);
        putIfSet(body, "compression", compression);
        if (fields != null) {
            ArrayNode columns = body.putArray("fields");
            fields.forEach(columns::add);
        }
        if (maxFileSizeMb != null) {
            body.put("max_file_size_mb", maxFileSizeMb);
        }
        putIfSet(body, "destination_id", destinationId);
        putIfSet(body, "iceberg_table", icebergTable);
        return body;
    }

    static void putIfSet(ObjectNode body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
