package dev.bulkexport.testsupport;

import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.ExportDestination;
import dev.bulkexport.common.events.ShardSubmitted;
import dev.bulkexport.common.secrets.WorkSignature;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Work records as the api's dispatcher hands them out, for tests that play the api. */
public final class WorkRecords {
    /** The work signing key of the dev and test profiles (the api's and the worker's application.properties). */
    public static final String TEST_SIGNING_KEY = "dev-test-work-signing-key-not-for-production";
    /** Signs as the api-service of the test profile does. */
    public static final WorkSignature SIGNATURE = WorkSignature.of(TEST_SIGNING_KEY, List.of());

    private WorkRecords() {
    }

    /** The record as the api-service publishes it: signed, then encoded. */
    public static String signed(ShardSubmitted work) {
        return EventCodec.encode(SIGNATURE.sign(work));
    }

    /** A spec without report options or destination. */
    public static JobSpec spec(ReportType report, OutputFormat format, List<Long> propertyIds, LocalDate start,
            LocalDate end) {
        return new JobSpec(report, format, propertyIds, start, end, null, null, null, null, null, null);
    }

    /** A new job of one shard (of a new account). */
    public static ShardSubmitted job(ReportType report, OutputFormat format, List<Long> propertyIds, LocalDate start,
            LocalDate end) {
        return job(spec(report, format, propertyIds, start, end), null);
    }

    /** A new job of one shard (of a new account) written to {@code destination} (null: our bucket). */
    public static ShardSubmitted job(JobSpec spec, ExportDestination destination) {
        return ShardSubmitted.of(UUID.randomUUID(), UUID.randomUUID(), 1, 1, spec, destination);
    }

    /** Shard {@code index} of {@code count} of the job's properties given in {@code spec}. */
    public static ShardSubmitted shard(ShardSubmitted job, int index, int count, JobSpec spec) {
        return ShardSubmitted.of(job.jobId(), job.accountId(), index, count, spec, job.destination());
    }
}
