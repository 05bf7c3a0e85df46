package dev.bulkexport.common;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * What a job exports, as the create body names it: the one shape of a job's options, carried by the create, the
 * shard queue, the work record and the job object. On the wire its members stand beside the record's own
 * ({@code @JsonUnwrapped}). The report options ({@code compression}, {@code fields}, {@code maxFileSizeMb},
 * {@code csvFormulaEscaping}) are null when the body left them out (no compression, every column, the automatic file
 * size limit, CSV values as they are); {@code destinationId} is null for a job written to our bucket.
 * {@code icebergTable} ({@code namespace.table}) names the Iceberg table on the destination that the job's rows are
 * committed to, one snapshot per job; null for a job of files only.
 */
public record JobSpec(ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate,
        LocalDate endDate, Compression compression, List<String> fields, Integer maxFileSizeMb, UUID destinationId,
        Boolean csvFormulaEscaping, String icebergTable) {

    public JobSpec {
        propertyIds = List.copyOf(propertyIds);
        fields = fields == null ? null : List.copyOf(fields);
    }

    /** The compression asked for; {@link Compression#NONE} when none was. */
    public Compression compressionOrNone() {
        return compression == null ? Compression.NONE : compression;
    }

    /** Whether the job's rows are committed to an Iceberg table on its destination. */
    public boolean syncsIcebergTable() {
        return icebergTable != null;
    }

    /** Days of the range, both ends included. */
    public long days() {
        return ChronoUnit.DAYS.between(startDate, endDate) + 1;
    }

    /** The same export of other properties: a shard's group of the job's. */
    public JobSpec withPropertyIds(List<Long> ids) {
        return new JobSpec(reportType, outputFormat, ids, startDate, endDate, compression, fields, maxFileSizeMb,
                destinationId, csvFormulaEscaping, icebergTable);
    }

    /**
     * Whether CSV text values that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
     * carriage return) get a leading {@code '}: asked for with {@code csv_formula_escaping}, off by default.
     */
    public boolean escapesCsvFormulas() {
        return Boolean.TRUE.equals(csvFormulaEscaping);
    }

    /** What every file name of the job starts with: {@code {report}_{start}_{end}}. */
    public String fileNameBase() {
        return reportType.wireName() + "_" + startDate + "_" + endDate;
    }

    /**
     * The extension of each data file: the format's, then {@code .gz} or {@code .zst} when compressed (never for
     * Parquet, which compresses its pages).
     */
    public String fileExtension() {
        return "." + outputFormat.extension()
                + (outputFormat == OutputFormat.PARQUET ? "" : compressionOrNone().suffix());
    }
}
