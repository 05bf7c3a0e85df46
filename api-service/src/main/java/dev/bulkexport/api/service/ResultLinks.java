package dev.bulkexport.api.service;

import dev.bulkexport.api.config.ApiConfig;
import dev.bulkexport.api.domain.JobRecord;
import dev.bulkexport.common.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Pre-signed download links for succeeded jobs, signed afresh on every call. */
@ApplicationScoped
public class ResultLinks {
    private final S3Presigner presigner;
    private final ApiConfig config;

    public ResultLinks(S3Presigner presigner, ApiConfig config) {
        this.presigner = presigner;
        this.config = config;
    }

    public URI downloadLink(JobRecord job) {
        if (job.status() != JobStatus.SUCCEEDED) {
            throw new JobConflictException("Job " + job.id() + " has status " + job.status().wireName()
                    + "; results exist only for succeeded jobs");
        }
        return URI.create(presigner.presignGetObject(presign -> presign
                        .signatureDuration(config.results().urlValidity())
                        .getObjectRequest(get -> get.bucket(config.bucket())
                                .key(job.resultObjectKey())
                                .responseContentDisposition("attachment; filename=\"" + job.resultFileName() + "\"")))
                .url().toString());
    }
}
