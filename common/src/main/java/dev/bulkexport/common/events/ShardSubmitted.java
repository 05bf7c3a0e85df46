package dev.bulkexport.common.events;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Internal, api-service to export workers on {@code export.shard.submitted}: one shard of a fanned-out job
 * (shards 1 to {@code shardCount}, each a group of the job's properties, in property order) for any worker to
 * build into its own files. The report options are the job's ({@link JobSubmitted}).
 *
 * <p>The closing record of a job, {@code shardIndex} 0, comes once every shard is done: {@code files} lists the
 * files of all shards in order (shard, then file), numbered from 1; the worker stores the manifest object
 * beside them and publishes the job's {@link JobCompleted}. {@code files} is null in every other record.
 * {@code destination} is the job's ({@link JobSubmitted#destination}), in every record of the job.
 */
public record ShardSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
        int shardIndex, int shardCount, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
        LocalDate startDate, LocalDate endDate, Compression compression, List<String> fields, Integer maxFileSizeMb,
        List<JobCompleted.File> files, ExportDestination destination) implements JobEvent {

    /** A record without a destination: the shape before destinations were added. */
    public ShardSubmitted(UUID eventId, Instant occurredAt, int schemaVersion, UUID jobId, UUID accountId,
            int shardIndex, int shardCount, ReportType reportType, OutputFormat outputFormat, List<Long> propertyIds,
            LocalDate startDate, LocalDate endDate, Compression compression, List<String> fields,
            Integer maxFileSizeMb, List<JobCompleted.File> files) {
        this(eventId, occurredAt, schemaVersion, jobId, accountId, shardIndex, shardCount, reportType, outputFormat,
                propertyIds, startDate, endDate, compression, fields, maxFileSizeMb, files, null);
    }

    /** A shard to build: {@code propertyIds} is its group of the job's properties. */
    public static ShardSubmitted of(UUID jobId, UUID accountId, int shardIndex, int shardCount, ReportType reportType,
            OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate, LocalDate endDate,
            Compression compression, List<String> fields, Integer maxFileSizeMb) {
        return of(jobId, accountId, shardIndex, shardCount, reportType, outputFormat, propertyIds, startDate, endDate,
                compression, fields, maxFileSizeMb, null);
    }

    /** A shard to build into the job's destination (null: our bucket). */
    public static ShardSubmitted of(UUID jobId, UUID accountId, int shardIndex, int shardCount, ReportType reportType,
            OutputFormat outputFormat, List<Long> propertyIds, LocalDate startDate, LocalDate endDate,
            Compression compression, List<String> fields, Integer maxFileSizeMb, ExportDestination destination) {
        return new ShardSubmitted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, shardIndex, shardCount,
                reportType, outputFormat, List.copyOf(propertyIds), startDate, endDate, compression,
                fields == null ? null : List.copyOf(fields), maxFileSizeMb, null, destination);
    }

    /** The closing record: store the manifest of {@code files} and publish the job's outcome. */
    public static ShardSubmitted closing(UUID jobId, UUID accountId, int shardCount, ReportType reportType,
            OutputFormat outputFormat, LocalDate startDate, LocalDate endDate, Compression compression,
            List<JobCompleted.File> files) {
        return closing(jobId, accountId, shardCount, reportType, outputFormat, startDate, endDate, compression, files,
                null);
    }

    /** The closing record of a job written to a destination (null: our bucket). */
    public static ShardSubmitted closing(UUID jobId, UUID accountId, int shardCount, ReportType reportType,
            OutputFormat outputFormat, LocalDate startDate, LocalDate endDate, Compression compression,
            List<JobCompleted.File> files, ExportDestination destination) {
        return new ShardSubmitted(UUID.randomUUID(), Instant.now(), 1, jobId, accountId, 0, shardCount, reportType,
                outputFormat, List.of(), startDate, endDate, compression, null, null, List.copyOf(files), destination);
    }

    public boolean closesJob() {
        return files != null;
    }

    /** The shard as a job of its own properties, which the worker builds as it builds any job. */
    public JobSubmitted asJob() {
        return new JobSubmitted(eventId, occurredAt, schemaVersion, jobId, accountId, reportType, outputFormat,
                propertyIds, startDate, endDate, compression, fields, maxFileSizeMb, destination);
    }
}
