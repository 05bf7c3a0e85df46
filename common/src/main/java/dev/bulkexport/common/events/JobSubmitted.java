package dev.bulkexport.common.events;

import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A job was accepted: export workers build its file. */
public record JobSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate,
        LocalDate endDate) implements JobEvent {

    public static JobSubmitted of(UUID jobId, UUID accountId, ReportType reportType, OutputFormat outputFormat,
            List<Long> propertyIds, LocalDate startDate, LocalDate endDate) {
        return new JobSubmitted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, reportType, outputFormat,
                List.copyOf(propertyIds), startDate, endDate);
    }
}
