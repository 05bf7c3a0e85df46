package dev.bulkexport.common.events;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A job was accepted: export workers build its files. The report options are null when the create body left
 * them out (and in events published before they existed): no compression, every column, the automatic file
 * size limit. {@code destination} is null for a job written to our bucket (and in events published before
 * destinations existed).
 */
public record JobSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate,
        LocalDate endDate, Compression compression, List<String> fields, Integer maxFileSizeMb,
        ExportDestination destination) implements JobEvent {

    /** An event without a destination: the shape before destinations were added (files go to our bucket). */
    public JobSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
            ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate,
            LocalDate endDate, Compression compression, List<String> fields, Integer maxFileSizeMb) {
        this(eventId, occurredAt, schemaVersion, jobId, accountId, reportType, outputFormat, propertyIds, startDate,
                endDate, compression, fields, maxFileSizeMb, null);
    }

    /** An event without report options: the shape before they were added. */
    public JobSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
            ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate,
            LocalDate endDate) {
        this(eventId, occurredAt, schemaVersion, jobId, accountId, reportType, outputFormat, propertyIds, startDate,
                endDate, null, null, null);
    }

    public static JobSubmitted of(UUID jobId, UUID accountId, ReportType reportType, OutputFormat outputFormat,
            List<Long> propertyIds, LocalDate startDate, LocalDate endDate) {
        return of(jobId, accountId, reportType, outputFormat, propertyIds, startDate, endDate, null, null, null);
    }

    public static JobSubmitted of(UUID jobId, UUID accountId, ReportType reportType, OutputFormat outputFormat,
            List<Long> propertyIds, LocalDate startDate, LocalDate endDate, Compression compression,
            List<String> fields, Integer maxFileSizeMb) {
        return of(jobId, accountId, reportType, outputFormat, propertyIds, startDate, endDate, compression, fields,
                maxFileSizeMb, null);
    }

    public static JobSubmitted of(UUID jobId, UUID accountId, ReportType reportType, OutputFormat outputFormat,
            List<Long> propertyIds, LocalDate startDate, LocalDate endDate, Compression compression,
            List<String> fields, Integer maxFileSizeMb, ExportDestination destination) {
        return new JobSubmitted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, reportType, outputFormat,
                List.copyOf(propertyIds), startDate, endDate, compression, fields == null ? null : List.copyOf(fields),
                maxFileSizeMb, destination);
    }

    /** The compression asked for; {@link Compression#NONE} when none was. */
    public Compression compressionOrNone() {
        return compression == null ? Compression.NONE : compression;
    }
}
