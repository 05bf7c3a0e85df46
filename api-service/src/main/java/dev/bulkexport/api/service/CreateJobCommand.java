package dev.bulkexport.api.service;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.LocalDate;
import java.util.List;

/** A validated request to create a job. */
public record CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate,
        LocalDate endDate, List<Long> propertyIds, String callbackUrl) {

    /** Identifies the request for Idempotency-Key checks: equal commands, equal fingerprints. */
    public String fingerprint() {
        String canonical = String.join("|", reportType.wireName(), outputFormat.wireName(), startDate.toString(),
                endDate.toString(), propertyIds.toString(), String.valueOf(callbackUrl));
        return dev.bulkexport.api.domain.Sha256.hex(canonical);
    }
}
