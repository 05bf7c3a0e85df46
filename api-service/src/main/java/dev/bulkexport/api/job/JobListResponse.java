package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.Pagination;

import dev.bulkexport.common.events.JobSnapshot;
import java.util.List;

/** {@code GET /bulk_api/jobs}: a page of jobs, newest first. */
public record JobListResponse(List<JobSnapshot> jobs, Pagination pagination) {
}
