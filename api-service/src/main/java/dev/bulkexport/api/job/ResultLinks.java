package dev.bulkexport.api.job;


import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.ResultManifest;
import dev.bulkexport.common.events.JobCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Pre-signed download links for succeeded jobs, signed afresh on every call. */
@ApplicationScoped
public class ResultLinks {
    private final S3Presigner presigner;
    private final JobConfig.Results config;

    public ResultLinks(S3Presigner presigner, JobConfig config) {
        this.presigner = presigner;
        this.config = config.results();
    }

    /** The download of the job: its one file, or the stored manifest object of a job of several files. */
    public URI downloadLink(Job job) {
        Job.Result result = requireSucceeded(job);
        return link(result.objectKey(), result.fileName());
    }

    /**
     * The manifest of a succeeded job with a link to each file. A job that succeeded before files were stored
     * has none stored: its one file is the job's result.
     */
    public ResultManifest manifest(Job job, List<JobCompleted.File> stored) {
        Job.Result result = requireSucceeded(job);
        List<JobCompleted.File> files = !stored.isEmpty() ? stored
                : List.of(new JobCompleted.File(1, result.objectKey(), result.fileName(), result.rowCount(),
                        result.fileSizeBytes(), result.sha256()));
        return ResultManifest.of(job.id(), files.stream()
                .map(file -> new ResultManifest.File(file.index(), file.fileName(), file.rowCount(),
                        file.fileSizeBytes(), file.sha256(), link(file.objectKey(), file.fileName()).toString()))
                .toList(), ResultManifest.columnsOf(job.spec()));
    }

    /**
     * Results in our bucket exist only for succeeded jobs. A job written to a destination has none here (the files
     * and the manifest are in the customer's bucket, which this service signs no links for): 409 saying where.
     */
    private static Job.Result requireSucceeded(Job job) {
        if (job.status() != JobStatus.SUCCEEDED) {
            throw new JobConflictException("Job " + job.id() + " has status " + job.status().wireName()
                    + "; results exist only for succeeded jobs");
        }
        if (job.writtenToDestination()) {
            var where = job.snapshot().result().destination();
            throw new JobConflictException("Job " + job.id() + " was written to destination " + where.destinationId()
                    + ": its files and manifest are in s3://" + where.bucket() + "/" + where.prefix()
                    + " (result.destination); no download link is given for them");
        }
        return job.outcome().result();
    }

    private URI link(String objectKey, String fileName) {
        return URI.create(presigner.presignGetObject(presign -> presign
                        .signatureDuration(config.urlValidity())
                        .getObjectRequest(get -> get.bucket(config.bucket())
                                .key(objectKey)
                                .responseContentDisposition("attachment; filename=\"" + fileName + "\"")))
                .url().toString());
    }
}
