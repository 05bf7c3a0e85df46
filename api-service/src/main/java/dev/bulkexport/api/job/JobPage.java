package dev.bulkexport.api.job;

import java.util.List;

/** One page of an account's jobs and how many there are in all. */
public record JobPage(List<Job> jobs, long totalCount) {
}
