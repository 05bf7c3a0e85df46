package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.JobRecord;
import java.util.List;

/** One page of an account's jobs and how many there are in all. */
public record JobPage(List<JobRecord> jobs, long totalCount) {
}
