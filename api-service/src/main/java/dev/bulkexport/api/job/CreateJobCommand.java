package dev.bulkexport.api.job;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A validated request to create a job; the report options and {@code destinationId} are null when the body left
 * them out.
 */
public record CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate,
        LocalDate endDate, List<Long> propertyIds, String callbackUrl, Compression compression, List<String> fields,
        Integer maxFileSizeMb, UUID destinationId) {

    public CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate, LocalDate endDate,
            List<Long> propertyIds, String callbackUrl) {
        this(reportType, outputFormat, startDate, endDate, propertyIds, callbackUrl, null, null, null, null);
    }

    public CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate, LocalDate endDate,
            List<Long> propertyIds, String callbackUrl, Compression compression, List<String> fields,
            Integer maxFileSizeMb) {
        this(reportType, outputFormat, startDate, endDate, propertyIds, callbackUrl, compression, fields,
                maxFileSizeMb, null);
    }

    /**
     * Identifies the request for Idempotency-Key checks: equal commands, equal fingerprints. Report options
     * left out add nothing, so a body without them has the fingerprint it had before they existed.
     */
    public String fingerprint() {
        String canonical = String.join("|", reportType.wireName(), outputFormat.wireName(), startDate.toString(),
                endDate.toString(), propertyIds.toString(), String.valueOf(callbackUrl))
                + (compression == null ? "" : "|compression=" + compression.wireName())
                + (fields == null ? "" : "|fields=" + fields)
                + (maxFileSizeMb == null ? "" : "|max_file_size_mb=" + maxFileSizeMb)
                + (destinationId == null ? "" : "|destination_id=" + destinationId);
        return dev.bulkexport.api.platform.Sha256.hex(canonical);
    }
}
