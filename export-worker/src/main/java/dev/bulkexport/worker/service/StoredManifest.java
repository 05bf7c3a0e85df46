package dev.bulkexport.worker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.common.ResultManifest;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.worker.format.TableSchema;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stores a job's manifest object ({@link ResultManifest} without urls) beside its files, and the Frictionless Table
 * Schema of their columns ({@link TableSchema}), so that even a job of one file says what its columns' types are.
 */
final class StoredManifest {
    private static final ObjectMapper JSON = EventCodec.configure(new ObjectMapper());

    private StoredManifest() {
    }

    /** Writes the manifest and returns it as a file (its row count unused), for the job's outcome. */
    static JobCompleted.File put(S3Client s3, String bucket, ShardSubmitted job, List<JobCompleted.File> files) {
        ExportFile schema = ExportFile.schema(job);
        s3.putObject(put -> put.bucket(bucket).key(schema.objectKey()).contentType("application/json")
                .contentDisposition("attachment; filename=\"" + schema.fileName() + "\""),
                RequestBody.fromBytes(TableSchema.of(ColumnSelection.of(Reports.forType(job.spec().reportType()),
                        job.spec().fields()).columns())));
        ExportFile manifest = ExportFile.manifest(job);
        byte[] body = json(ResultManifest.of(job.jobId(), files.stream()
                .map(file -> new ResultManifest.File(file.index(), file.fileName(), file.rowCount(),
                        file.fileSizeBytes(), file.sha256(), null))
                .toList(), ResultManifest.columnsOf(job.spec())));
        s3.putObject(put -> put.bucket(bucket).key(manifest.objectKey()).contentType("application/json")
                .contentDisposition("attachment; filename=\"" + manifest.fileName() + "\""), RequestBody.fromBytes(body));
        return new JobCompleted.File(0, manifest.objectKey(), manifest.fileName(), 0, body.length, sha256(body));
    }

    private static byte[] json(ResultManifest manifest) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
