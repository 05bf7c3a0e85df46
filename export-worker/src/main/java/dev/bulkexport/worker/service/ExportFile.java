package dev.bulkexport.worker.service;

import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.worker.iceberg.IcebergLocation;

/**
 * Where a file of a job goes. Keys are deterministic, so a redelivered job is redone into the same objects:
 * {@code exports/{account_id}/{job_id}/{report_type}_{start_date}_{end_date}.{extension}} for the first file
 * (so a job of one file is named as before files were split), {@code ..._part-00002.{extension}} and so on
 * for the next ones; the extension gains {@code .gz} or {@code .zst} when the file is compressed. The files of
 * shard {@code n} of a fanned-out job are named alike after {@code ..._shard-0000n}, so a redone shard rewrites its
 * own objects and no other shard's; its checkpoint object is {@code ..._shard-0000n.checkpoint.json}. A job written to
 * a destination has the same names under {@code {prefix}/{job_id}/} of the customer's bucket; the data files of a job
 * that syncs an Iceberg table go under the table's location instead.
 */
public record ExportFile(String objectKey, String fileName) {

    /** The first file of a job (its only one, unless the output is split). */
    public static ExportFile of(ShardSubmitted job) {
        return of(job, 1);
    }

    /** The file at {@code index} (from 1). */
    public static ExportFile of(ShardSubmitted job, int index) {
        return of(job, null, index);
    }

    /** The file at {@code index} (from 1) of the shard (null: of the whole job). */
    public static ExportFile of(ShardSubmitted job, Integer shard, int index) {
        String part = index == 1 ? "" : String.format("_part-%05d", index);
        return data(job, base(job) + shard(shard) + part + "." + job.spec().outputFormat().extension()
                + compression(job).suffix());
    }

    /** The object recording that a shard's files are complete: its ShardCompleted. */
    static ExportFile checkpoint(ShardSubmitted job, int shard) {
        return in(job, base(job) + shard(shard) + ".checkpoint.json");
    }

    private static String shard(Integer shard) {
        return shard == null ? "" : String.format("_shard-%05d", shard);
    }

    /** The manifest object that lists the job's files, stored beside them. */
    public static ExportFile manifest(ShardSubmitted job) {
        return in(job, base(job) + "_manifest.json");
    }

    /** The Frictionless Table Schema of the job's files (their columns and types), stored beside them. */
    public static ExportFile schema(ShardSubmitted job) {
        return in(job, base(job) + "_schema.json");
    }

    /** The compression the job's files get: Parquet compresses its pages itself. */
    static Compression compression(ShardSubmitted job) {
        return job.spec().outputFormat() == OutputFormat.PARQUET ? Compression.NONE : job.spec().compressionOrNone();
    }

    private static String base(ShardSubmitted job) {
        return job.spec().reportType().wireName() + "_" + job.spec().startDate() + "_" + job.spec().endDate();
    }

    /**
     * A data file of a job that syncs an Iceberg table goes into the table's data folder of its month
     * ({@link IcebergLocation#dataFolder}); its checkpoint, manifest and schema stay in the job's folder.
     */
    private static ExportFile data(ShardSubmitted job, String fileName) {
        return job.spec().syncsIcebergTable() && job.destination() != null
                ? new ExportFile(IcebergLocation.dataFolder(job) + fileName, fileName) : in(job, fileName);
    }

    private static ExportFile in(ShardSubmitted job, String fileName) {
        String folder = job.destination() != null ? job.destination().keyPrefix(job.jobId())
                : "exports/" + job.accountId() + "/" + job.jobId() + "/";
        return new ExportFile(folder + fileName, fileName);
    }
}
