package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.Sha256;
import dev.bulkexport.common.JobSpec;

/** A validated request to create a job: what it exports, and where its outcome is called back (null: nowhere). */
public record CreateJobCommand(JobSpec spec, String callbackUrl) {

    /**
     * Identifies the request for Idempotency-Key checks: equal commands, equal fingerprints. Report options left
     * out add nothing, so a body without them has the fingerprint it had before they existed.
     */
    public String fingerprint() {
        String canonical = String.join("|", spec.reportType().wireName(), spec.outputFormat().wireName(),
                spec.startDate().toString(), spec.endDate().toString(), spec.propertyIds().toString(),
                String.valueOf(callbackUrl))
                + (spec.compression() == null ? "" : "|compression=" + spec.compression().wireName())
                + (spec.fields() == null ? "" : "|fields=" + spec.fields())
                + (spec.maxFileSizeMb() == null ? "" : "|max_file_size_mb=" + spec.maxFileSizeMb())
                + (spec.destinationId() == null ? "" : "|destination_id=" + spec.destinationId());
        return Sha256.hex(canonical);
    }
}
