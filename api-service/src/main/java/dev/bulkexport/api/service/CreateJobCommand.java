package dev.bulkexport.api.service;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.LocalDate;
import java.util.List;

/** A validated request to create a job. */
public record CreateJobCommand(ReportType reportType, OutputFormat outputFormat, LocalDate startDate,
        LocalDate endDate, List<Long> propertyIds, String callbackUrl) {
}
