package dev.bulkexport.api.job;

import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import dev.bulkexport.common.events.ShardCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Checks a worker's event against the job it names before it is applied (OWASP API8/API10: a record on the
 * topic is not trusted for its job id alone). The event's account must be the job's, and a result's object
 * key, and each of its files', must be the job's own prefix {@code exports/{account_id}/{job_id}/} (for a job
 * written to a destination, {@code {prefix}/{job_id}/}) plus a file
 * name of the report's pattern with the job's extension (format, then {@code .gz}/{@code .zst}; the manifest
 * object {@code _manifest.json}; a shard's files likewise), so that a forged or corrupt record cannot point a job's download at another account's file.
 */
@ApplicationScoped
class WorkerUpdateCheck {
    private static final Logger LOG = Logger.getLogger(WorkerUpdateCheck.class);
    /** {@code {report}_{start}_{end}}, optional part suffixes, then the extension(s): no separators, no "..". */
    private static final Pattern FILE_NAME =
            Pattern.compile("[a-z]+_\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}(?:[_-][A-Za-z0-9]+)*(?:\\.[a-z0-9]+){1,2}");

    /** The job when the event may be applied to it; null (with an ERROR naming why) when it must not be. */
    Job admit(Job job, JobEvent event) {
        if (job == null) {
            return null;
        }
        String refusal = refusal(job, event);
        if (refusal == null) {
            return job;
        }
        LOG.errorf("job %s: %s event %s ignored: %s", job.id(), event.type(), event.eventId(), refusal);
        return null;
    }

    static String refusal(Job job, JobEvent event) {
        if (!Objects.equals(event.accountId(), job.accountId())) {
            return "its account_id is not the job's";
        }
        String prefix = job.spec().fileNameBase();
        String extension = job.spec().fileExtension();
        if (event instanceof ShardCompleted shard) {
            return shard.files() == null ? null : refusal(job, shard.files(), prefix, extension);
        }
        if (!(event instanceof JobCompleted completed)) {
            return null;
        }
        List<JobCompleted.File> files = completed.filesOrSingle();
        String filesRefusal = refusal(job, files, prefix, extension);
        if (filesRefusal != null) {
            return filesRefusal;
        }
        if (completed.files() != null && (completed.objectKey() != null || completed.fileName() != null)) {
            // The download: the one file, or the manifest object beside several.
            String download = files.size() == 1 ? files.get(0).fileName() : prefix + "_manifest.json";
            if (!download.equals(completed.fileName())) {
                return "its download is not " + download;
            }
            return refusal(job, completed.objectKey(), completed.fileName(), prefix, files.size() == 1 ? extension
                    : ".json");
        }
        return null;
    }

    /** A job's files, or one shard's, are numbered from 1 in order and each is the job's own. */
    private static String refusal(Job job, List<JobCompleted.File> files, String prefix, String extension) {
        for (int i = 0; i < files.size(); i++) {
            JobCompleted.File file = files.get(i);
            if (file.index() != i + 1) {
                return "its files are not numbered 1 to " + files.size() + " in order";
            }
            String refusal = refusal(job, file.objectKey(), file.fileName(), prefix, extension);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    private static String refusal(Job job, String objectKey, String fileName, String prefix, String extension) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches() || !fileName.startsWith(prefix)
                || !fileName.endsWith(extension)) {
            return "its file name does not match " + prefix + "[_<part>]" + extension;
        }
        // A job written to a destination has its objects under {prefix}/{job_id}/ of the customer's bucket; the data
        // files of an Iceberg sync lie in the table's data, its manifest in {prefix}/{job_id}/ all the same.
        String folder = job.destination() == null ? "exports/" + job.accountId() + "/" + job.id() + "/"
                : job.spec().syncsIcebergTable() && !extension.equals(".json")
                        ? job.destination().icebergDataPrefix(job.spec().icebergTable(), job.spec().startDate(),
                                job.id())
                        : job.destination().keyPrefix(job.id());
        if (!(folder + fileName).equals(objectKey)) {
            return "its object key is not under " + folder;
        }
        return null;
    }
}
