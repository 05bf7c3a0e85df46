package dev.bulkexport.api.service;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.LocalDate;
import java.util.List;

/** A validated request to create a job; the report options are null when the body left them out. */
public record CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate,
        LocalDate endDate, List<Long> propertyIds, String callbackUrl, Compression compression, List<String> fields,
        Integer maxFileSizeMb) {

    public CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate, LocalDate endDate,
            List<Long> propertyIds, String callbackUrl) {
        this(reportType, outputFormat, startDate, endDate, propertyIds, callbackUrl, null, null, null);
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
                + (maxFileSizeMb == null ? "" : "|max_file_size_mb=" + maxFileSizeMb);
        return dev.bulkexport.api.domain.Sha256.hex(canonical);
    }
}
