package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The files to download for a succeeded job. Today every job has one file, described by its {@code result}
 * and fetched through {@code GET /results}. Multi-file results (DESIGN §9) will add a second source here: the
 * entries of {@code GET /results/manifest}, one {@link RemoteFile} each; the downloader takes any list.
 */
public final class ResultFiles {
    private ResultFiles() {
    }

    public static List<RemoteFile> of(ApiClient api, JsonNode job) {
        String jobId = job.path("job_id").asText();
        JsonNode result = job.path("result");
        if (!job.path("status").asText().equals("succeeded") || !result.isObject()) {
            throw new IllegalStateException("job " + jobId + " has no result to download (status "
                    + job.path("status").asText() + ")");
        }
        return List.of(new RemoteFile(result.path("file_name").asText(), result.path("file_size_bytes").asLong(),
                result.path("sha256").asText(), () -> api.resultsUrl(jobId)));
    }
}
