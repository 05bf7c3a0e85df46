package dev.bulkexport.worker.config;

import dev.bulkexport.common.config.ServiceSecrets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the export worker, under {@code export.}. */
@ConfigMapping(prefix = "export")
public interface WorkerConfig {

    /** The secrets this service needs ({@link ServiceSecrets}: the api-service's, the same values). */
    ServiceSecrets secrets();

    Destinations destinations();

    /** The api-service's SSRF rules for destination endpoints ({@code export.destinations.*} there), applied again. */
    interface Destinations {
        /** Whether an endpoint may use plain http ({@code ALLOW_HTTP_DESTINATIONS}). */
        @WithDefault("false")
        boolean allowHttpEndpoints();

        /** Endpoint hosts exempt from the address rules ({@code DESTINATION_ALLOWED_HOSTS}, comma-separated). */
        java.util.Optional<java.util.List<String>> allowedHosts();

        /**
         * Longest one HTTP request to a destination may take, its body and answer included
         * ({@code DESTINATION_ATTEMPT_TIMEOUT}): a store that trickles bytes is cut off, not waited on.
         */
        @WithDefault("2m")
        Duration attemptTimeout();

        /** Longest one S3 call to a destination may take with the SDK's retries ({@code DESTINATION_CALL_TIMEOUT}). */
        @WithDefault("5m")
        Duration callTimeout();
    }

    /**
     * Longest one job of one shard, or one shard, may run on a worker, retries included ({@code SHARD_DEADLINE}):
     * past it the shard fails, naming its destination when it has one, and its slot is free for the next. Calls to a
     * destination are cut off at the deadline; rows are checked against it as they are read.
     */
    @WithDefault("6h")
    Duration shardDeadline();

    /** S3 bucket that receives the export files. */
    @WithDefault("bulk-exports")
    String bucket();

    /** Whether the worker creates the bucket at start-up when it is missing (local runs and tests). */
    @WithDefault("false")
    boolean createBucket();

    /**
     * Size of one multipart upload part in MiB (S3 needs at least 5): the worker's buffer per running job. A
     * file whose size limit would need more than {@link #maxPartsPerFile()} parts of this size gets larger
     * parts, up to {@link #maxPartSizeMib()}.
     */
    @WithDefault("8")
    int partSizeMib();

    /**
     * Largest size in MiB of one export file when the job sets no {@code max_file_size_mb}: a larger output is
     * split into several files (each complete), so no job fails for its size.
     */
    @WithDefault("4096")
    long maxFileSizeMib();

    /** Most parts of one multipart upload: S3 allows 10,000. Lower only to try splitting in tests. */
    @WithDefault("10000")
    int maxPartsPerFile();

    /**
     * Largest part size in MiB the worker raises a file's parts to, bounding its memory per running job (two
     * parts). A file is also ended when it would need more than {@link #maxPartsPerFile()} parts of this size.
     */
    @WithDefault("64")
    int maxPartSizeMib();

    /**
     * Size in MiB a Parquet row group may reach before it is written out: with the part buffer, the memory a
     * running Parquet job holds. Larger groups compress and scan a little better.
     */
    @WithDefault("16")
    int parquetRowGroupMib();

    /**
     * Whether files come from PostgreSQL's COPY: CSV and JSONL of reports without floating-point columns from its
     * CSV (the database formats, the worker forwards or re-frames bytes), Parquet from its binary form (decoded in
     * place into the column writers); otherwise rows are read through a cursor as objects.
     */
    @WithDefault("true")
    boolean fromCopy();

    /** Rows fetched per round trip from the server-side cursor. */
    @WithDefault("5000")
    int fetchSize();

    /** Rows per second one job may read, to spare a shared database; 0 means no cap. */
    @WithDefault("0")
    int maxRowsPerSecond();

    /**
     * How long a worker told to stop (SIGTERM: a scale-in, a rollout) lets its running exports finish before
     * it hands back what is left ({@code EXPORT_DRAIN_TIMEOUT}); it starts no new one meanwhile. 0 hands them
     * back at once. Kubernetes' terminationGracePeriodSeconds must exceed it by ~30 s.
     */
    @WithDefault("0s")
    Duration drainTimeout();

    /** How often a running job reports its progress. */
    @WithDefault("2s")
    Duration progressInterval();

    /**
     * How long a job keeps being retried after its first transient failure (S3 or PostgreSQL unreachable or
     * erroring) before it is reported failed. Each attempt starts the export again from the start.
     */
    @WithDefault("5m")
    Duration retryBudget();

    /**
     * Most cancellations of jobs not running here that a worker keeps (the most recent ones), for jobs still
     * queued on its partitions. Every worker reads every cancellation from the start of the topic, so without
     * a bound create-and-cancel loops would grow its memory without end. Cancellations of jobs running here
     * are kept until the job ends, whatever this bound.
     */
    @WithDefault("10000")
    int cancellationsRemembered();
}
