package dev.bulkexport.api.job;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The create body as the OpenAPI document shows it. Requests are read by {@link CreateJobRequestParser},
 * which checks every rule listed here and names the field when one is broken.
 */
@Schema(name = "CreateJobRequest", description = "A bulk export to run. Unknown fields are refused.")
public record CreateJobRequest(
        @Schema(required = true, enumeration = {"property", "units", "floorplans"}, description = "What to export")
        String reportType,
        @Schema(required = true, enumeration = {"csv", "jsonl", "parquet"}, description = "File format")
        String outputFormat,
        @Schema(required = true, type = SchemaType.STRING, format = "date", example = "2024-01-01",
                description = "First day, YYYY-MM-DD")
        String startDate,
        @Schema(required = true, type = SchemaType.STRING, format = "date", example = "2024-01-31",
                description = "Last day, YYYY-MM-DD; not after start_date, not in the future (UTC); at most 1096 days")
        String endDate,
        @Schema(required = true, minItems = 1, maxItems = 5000,
                description = "Positive integer property ids (see /api/v1/properties/lookup); duplicates are dropped")
        List<Long> propertyIds,
        @Schema(description = "Optional https URL called with the outcome", example = "https://example.com/hooks/exports")
        String callbackUrl,
        @Schema(enumeration = {"none", "gzip", "zstd"}, defaultValue = "none", description = "Compression of CSV and "
                + "JSONL files; the file name gains .gz or .zst and sha256/file_size_bytes are of the compressed bytes. "
                + "Parquet: none only (its pages are ZSTD-compressed)")
        String compression,
        @Schema(minItems = 1, example = "[\"property_id\", \"date\", \"asking_rent\"]", description = "Columns of the "
                + "report (see the data dictionary) in the order wanted; unknown, duplicate or empty names are refused. "
                + "Default: every column")
        List<String> fields,
        @Schema(minimum = "1", maximum = "102400", description = "Split the output into files of at most this many "
                + "MiB, each complete (CSV each with its header); without it, files are split at 4096 MiB")
        Integer maxFileSizeMb,
        @Schema(format = "uuid", description = "Write the files and the manifest to this destination (the customer's"
                + " bucket) under {prefix}/{job_id}/ instead of ours; the job shows where in result.destination, and"
                + " /results answers 409 for it")
        String destinationId) {
}
