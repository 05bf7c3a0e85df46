package dev.bulkexport.worker.service;

import dev.bulkexport.common.events.JobSubmitted;

/**
 * Where a job's file goes. The key is deterministic, so a redelivered job is redone into the same object:
 * {@code exports/{account_id}/{job_id}/{report_type}_{start_date}_{end_date}.{extension}}.
 */
public record ExportFile(String objectKey, String fileName) {

    public static ExportFile of(JobSubmitted job) {
        String fileName = job.reportType().wireName() + "_" + job.startDate() + "_" + job.endDate() + "."
                + job.outputFormat().extension();
        return new ExportFile("exports/" + job.accountId() + "/" + job.jobId() + "/" + fileName, fileName);
    }
}
