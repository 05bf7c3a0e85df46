package dev.bulkexport.worker.report;

import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.ReportDefinition;
import dev.bulkexport.common.report.Reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the data dictionary (docs/data-dictionary.md) from the report definitions, so the documentation
 * cannot say something the code does not do. {@code main} writes it to the path given.
 */
public final class DataDictionary {
    private DataDictionary() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/data-dictionary.md");
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }

    public static String render() {
        StringBuilder out = new StringBuilder("""
                # Data dictionary

                Generated from the report definitions in `common` (`dev.bulkexport.common.report`) by
                `DataDictionary`; do not edit by hand. `DataDictionaryTest` fails when this file and the code differ;
                run it with `-Ddata-dictionary.write=true` to rewrite the file.

                Every column may be null (an empty CSV field, JSON `null`, an absent Parquet value) unless the
                description says otherwise. Rows are ordered by property, then by unit or floorplan id, then by date.

                A job's `fields` picks columns by the names below, in the order given: every format then holds exactly
                those columns in that order (the CSV header, the JSONL keys, the Parquet schema). Without `fields`, a
                file holds every column of its report in the order below. With `compression` (`gzip`, `zstd`; CSV and
                JSONL) the values are the same, the file is compressed as a whole.

                | type | CSV | JSONL | Parquet |
                |---|---|---|---|
                | DATE | `2024-03-01` | `"2024-03-01"` | INT32, logical type DATE |
                | INTEGER | `42` | `42` | INT32, logical type INT(32, signed) |
                | BIGINT | `42` | `42` | INT64, logical type INT(64, signed) |
                | DECIMAL(p,s) | `1850.00` (plain notation) | `1850.00` (a number) | INT32 (p ≤ 9) or INT64, logical type DECIMAL(p,s) |
                | DOUBLE | `30.2672` | `30.2672` | DOUBLE |
                | BOOLEAN | `true` / `false` | `true` / `false` | BOOLEAN |
                | STRING | RFC 4180 quoted when needed | a JSON string | BINARY, logical type STRING (UTF-8) |
                """);
        for (ReportDefinition report : Reports.all()) {
            out.append("\n## `").append(report.type().wireName()).append("` report\n\n")
                    .append(report.description()).append("\n\n")
                    .append("| column | type | unit | description |\n|---|---|---|---|\n");
            for (ReportColumn column : report.columns()) {
                out.append("| `").append(column.name()).append("` | ").append(column.typeName()).append(" | ")
                        .append(column.unit() == null ? "" : column.unit()).append(" | ")
                        .append(column.description().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.toString();
    }
}
