package dev.bulkexport.api.service;

import dev.bulkexport.api.domain.Job;
import dev.bulkexport.common.events.JobCompleted;
import dev.bulkexport.common.events.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Checks a worker's event against the job it names before it is applied (OWASP API8/API10: a record on the
 * topic is not trusted for its job id alone). The event's account must be the job's, and a result's object
 * key must be the job's own prefix {@code exports/{account_id}/{job_id}/} plus a file name of the report's
 * pattern, so that a forged or corrupt record cannot point a job's download at another account's file.
 */
@ApplicationScoped
public class WorkerUpdateCheck {
    private static final Logger LOG = Logger.getLogger(WorkerUpdateCheck.class);
    /** {@code {report}_{start}_{end}}, optional part suffixes, then the extension(s): no separators, no "..". */
    private static final Pattern FILE_NAME =
            Pattern.compile("[a-z]+_\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}(?:[_-][A-Za-z0-9]+)*(?:\\.[a-z0-9]+){1,2}");

    /** The job when the event may be applied to it; null (with an ERROR naming why) when it must not be. */
    public Job admit(Job job, JobEvent event) {
        if (job == null) {
            return null;
        }
        String refusal = refusal(job, event);
        if (refusal == null) {
            return job;
        }
        LOG.errorf("job %s: %s event %s ignored: %s", job.id, event.type(), event.eventId(), refusal);
        return null;
    }

    static String refusal(Job job, JobEvent event) {
        if (!Objects.equals(event.accountId(), job.accountId)) {
            return "its account_id is not the job's";
        }
        if (event instanceof JobCompleted completed && (completed.objectKey() != null || completed.fileName() != null)) {
            String fileName = completed.fileName();
            String prefix = job.reportType.wireName() + "_" + job.startDate + "_" + job.endDate;
            if (fileName == null || !FILE_NAME.matcher(fileName).matches() || !fileName.startsWith(prefix)) {
                return "its file name does not match " + prefix + ".<extension>";
            }
            String expectedKey = "exports/" + job.accountId + "/" + job.id + "/" + fileName;
            if (!expectedKey.equals(completed.objectKey())) {
                return "its object key is not under exports/" + job.accountId + "/" + job.id + "/";
            }
        }
        return null;
    }
}
