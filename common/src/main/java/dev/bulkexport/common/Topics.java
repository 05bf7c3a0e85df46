package dev.bulkexport.common;

import java.util.List;

/** Kafka topic names: the one place they are spelled. */
public final class Topics {
    /**
     * ShardSubmitted, the work: from the api-service outbox to the export workers, one record per shard of a job
     * (a job of one shard is one record), spread over the partitions in turn (and so over the workers).
     */
    public static final String SHARD_SUBMITTED = "export.shard.submitted";
    /** JobCancelRequested, from the api-service outbox to the export workers. */
    public static final String JOB_CANCEL_REQUESTED = "export.job.cancel-requested";
    /** JobStarted, JobProgressed and JobCompleted, from the workers to the api-service. */
    public static final String WORKER_UPDATES = "export.job.worker-updates";
    /**
     * JobStatusChanged and ScheduleChanged of every account, authoritative and internal, from the api-service
     * outbox to the notifier, which delivers webhooks and routes each event to its account's topic.
     */
    public static final String JOB_STATUS = "export.job.status";
    /** Outcome of each webhook attempt, from the notifier to the api-service. */
    public static final String WEBHOOK_ATTEMPTS = "export.webhook.attempts";
    /** WebhookRedeliveryRequested, from the api-service outbox to the notifier. */
    public static final String WEBHOOK_REDELIVERY_REQUESTED = "export.webhook.redelivery-requested";

    /**
     * The topics outsiders read, one per account ({@link #accountJobStatus}), all under this prefix: ACLs on
     * {@code export.account.<account_id>.} give one account's subscriber its own topic and nothing else.
     */
    public static final String ACCOUNT_PREFIX = "export.account.";
    /** Consumer groups of an account's subscribers: {@code account.<account_id>.<anything>}. */
    public static final String ACCOUNT_GROUP_PREFIX = "account.";

    /** The internal topics (each with its dead-letter topic {@code <topic>.dlq}). */
    public static final List<String> ALL = List.of(SHARD_SUBMITTED, JOB_CANCEL_REQUESTED, WORKER_UPDATES, JOB_STATUS,
            WEBHOOK_ATTEMPTS, WEBHOOK_REDELIVERY_REQUESTED);

    /**
     * AccountJobStatusChanged and ScheduleChanged of one account, routed by the notifier from
     * {@link #JOB_STATUS}: the public topic {@code export.account.<account_id>.job-status}.
     */
    public static String accountJobStatus(String accountId) {
        return ACCOUNT_PREFIX + accountId + ".job-status";
    }

    private Topics() {
    }
}
