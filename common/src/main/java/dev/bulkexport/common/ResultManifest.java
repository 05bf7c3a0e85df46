package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * The files of a succeeded job, in order, with their totals: the body of {@code GET .../results/manifest}
 * (each file with a pre-signed {@code url}) and the manifest object stored beside the files (without urls: the
 * files are named relative to it, in the same folder).
 */
public record ResultManifest(UUID jobId, List<File> files, long rowCount, long fileSizeBytes) {

    /** One file; {@code url} is null (left out) in the stored manifest. */
    public record File(int index, String fileName, long rowCount, long fileSizeBytes, String sha256,
            @JsonInclude(JsonInclude.Include.NON_NULL) String url) {
    }

    public static ResultManifest of(UUID jobId, List<File> files) {
        return new ResultManifest(jobId, List.copyOf(files), files.stream().mapToLong(File::rowCount).sum(),
                files.stream().mapToLong(File::fileSizeBytes).sum());
    }
}
