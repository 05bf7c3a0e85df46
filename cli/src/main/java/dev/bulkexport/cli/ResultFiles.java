package dev.bulkexport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The files to download for a succeeded job: its one file, described by its {@code result} and fetched through
 * {@code GET /results}; or, when {@code result.file_count} is more than 1, every entry of
 * {@code GET /results/manifest}, each fetched through a URL signed afresh from the manifest.
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
        if (result.path("file_count").asInt(1) <= 1) {
            return List.of(new RemoteFile(result.path("file_name").asText(), result.path("file_size_bytes").asLong(),
                    result.path("sha256").asText(), () -> api.resultsUrl(jobId)));
        }
        List<RemoteFile> files = new ArrayList<>();
        JsonNode entries = api.manifest(jobId).path("files");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode file = entries.get(i);
            int index = i;
            files.add(new RemoteFile(file.path("file_name").asText(), file.path("file_size_bytes").asLong(),
                    file.path("sha256").asText(),
                    () -> URI.create(api.manifest(jobId).path("files").get(index).path("url").asText())));
        }
        return files;
    }
}
