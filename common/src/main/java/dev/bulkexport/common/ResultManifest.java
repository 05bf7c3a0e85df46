package dev.bulkexport.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.Reports;
import java.util.List;
import java.util.UUID;

/**
 * The files of a succeeded job, in order, with their totals and the columns every file holds (name and type from
 * the data dictionary, so that a loader need not guess them): the body of {@code GET .../results/manifest} (each
 * file with a pre-signed {@code url}) and the manifest object stored beside the files (without urls: the files
 * are named relative to it, in the same folder).
 */
public record ResultManifest(UUID jobId, List<File> files, long rowCount, long fileSizeBytes, List<Column> columns) {

    /** One file; {@code url} is null (left out) in the stored manifest. */
    public record File(int index, String fileName, long rowCount, long fileSizeBytes, String sha256,
            @JsonInclude(JsonInclude.Include.NON_NULL) String url) {
    }

    /** A column of the files, in file order: its name and its data dictionary type, e.g. {@code DECIMAL(10,2)}. */
    public record Column(String name, String type) {

        public static Column of(ReportColumn column) {
            return new Column(column.name(), column.typeName());
        }
    }

    public static ResultManifest of(UUID jobId, List<File> files, List<Column> columns) {
        return new ResultManifest(jobId, List.copyOf(files), files.stream().mapToLong(File::rowCount).sum(),
                files.stream().mapToLong(File::fileSizeBytes).sum(), List.copyOf(columns));
    }

    /** The columns a job's files hold: its report's, or those of its {@code fields}, in file order. */
    public static List<Column> columnsOf(JobSpec spec) {
        return ColumnSelection.of(Reports.forType(spec.reportType()), spec.fields()).columns().stream()
                .map(Column::of).toList();
    }
}
