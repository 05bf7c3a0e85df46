package dev.bulkexport.api.job;

/**
 * {@code GET /bulk_api/jobs/{job_id}/results/link}: the URL that {@code /results} redirects to, as JSON, for
 * clients that cannot read a redirect's {@code Location} (a browser's fetch hides it).
 */
public record ResultLinkResponse(String url) {
}
