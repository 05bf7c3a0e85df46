package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.MemberRule;
import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The create body: each member with its type and its rules. {@link JobRequestValidator} adds the rules across
 * members and those the configuration sets; a schedule's job options are this body without the dates.
 */
@Schema(name = "CreateJobRequest", description = "A bulk export to run. Unknown fields are refused.")
public record CreateJobRequest(
        @Schema(implementation = String.class, required = true, enumeration = {"property", "units", "floorplans"},
                description = "What to export")
        @NotNull(message = "is required")
        ReportType reportType,
        @Schema(implementation = String.class, required = true, enumeration = {"csv", "jsonl", "parquet"},
                description = "File format")
        @NotNull(message = "is required")
        OutputFormat outputFormat,
        @Schema(implementation = String.class, required = true, format = "date", example = "2024-01-01",
                description = "First day, YYYY-MM-DD")
        @MemberRule("a date in the form YYYY-MM-DD") @NotNull(message = "is required")
        LocalDate startDate,
        @Schema(implementation = String.class, required = true, format = "date", example = "2024-01-31",
                description = "Last day, YYYY-MM-DD; not after start_date, not in the future (UTC); at most 1096 days")
        @MemberRule("a date in the form YYYY-MM-DD") @NotNull(message = "is required")
        LocalDate endDate,
        @Schema(required = true, minItems = 1, maxItems = 5000,
                description = "Positive integer property ids (see /api/v1/properties/lookup); duplicates are dropped")
        @MemberRule(value = "a non-empty array of integers", element = "a positive integer")
        @NotNull(message = "is required") @NotEmpty(message = "must be a non-empty array of integers")
        List<@NotNull(message = "must be a positive integer") @Positive(message = "must be a positive integer") Long>
                propertyIds,
        @Schema(description = "Optional https URL called with the outcome", example = "https://example.com/hooks/exports")
        @MemberRule("an absolute URL of at most 2048 characters")
        String callbackUrl,
        @Schema(implementation = String.class, enumeration = {"none", "gzip", "zstd"}, defaultValue = "none",
                description = "Compression of CSV and JSONL files; the file name gains .gz or .zst and"
                + " sha256/file_size_bytes are of the compressed bytes. Parquet: none only (its pages are"
                + " ZSTD-compressed)")
        Compression compression,
        @Schema(minItems = 1, example = "[\"property_id\", \"date\", \"asking_rent\"]", description = "Columns of the "
                + "report (see the data dictionary) in the order wanted; unknown, duplicate or empty names are refused. "
                + "Default: every column")
        @MemberRule(value = "an array of column names of the report", element = "a column name (a string)")
        List<String> fields,
        @Schema(minimum = "1", maximum = "102400", description = "Split the output into files of at most this many "
                + "MiB, each complete (CSV each with its header); without it, files are split at 4096 MiB")
        @MemberRule("an integer from 1 to 102400")
        @Min(value = 1, message = "must be an integer from 1 to 102400")
        @Max(value = 102_400, message = "must be an integer from 1 to 102400")
        Integer maxFileSizeMb,
        @Schema(implementation = String.class, format = "uuid", description = "Write the files and the manifest"
                + " to this destination (the customer's bucket) under {prefix}/{job_id}/ instead of ours; the job shows"
                + " where in result.destination, and /results answers 409 for it")
        @MemberRule("the id (a UUID) of one of the account's destinations")
        UUID destinationId,
        @Schema(defaultValue = "false", description = "CSV only: a text value that starts with =, +, -, @, a tab or a"
                + " carriage return gets a leading ' so that a spreadsheet shows it as text instead of running it as a"
                + " formula. Off by default: without it every value is written exactly as in the source")
        @MemberRule("true or false")
        Boolean csvFormulaEscaping,
        @Schema(pattern = JobRequestValidator.ICEBERG_TABLE_PATTERN, example = "rentals.units_daily", description =
                "Commit the rows as one snapshot of this Apache Iceberg table (namespace.table) on the destination:"
                + " the table lies under {prefix}/iceberg/{namespace}/{table}/ in its bucket, partitioned by month of"
                + " date, and a job replaces the rows of its month. Needs destination_id, output_format parquet and a"
                + " range of one whole calendar month; fields, when given, include the report's key columns. The"
                + " result's iceberg member names the snapshot")
        @MemberRule("a table name namespace.table")
        String icebergTable) {
}
