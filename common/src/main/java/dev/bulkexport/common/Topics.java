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
    /** JobStatusChanged, authoritative and public, from the api-service outbox. */
    public static final String JOB_STATUS = "export.job.status";
    /** Outcome of each webhook attempt, from the notifier to the api-service. */
    public static final String WEBHOOK_ATTEMPTS = "export.webhook.attempts";
    /** WebhookRedeliveryRequested, from the api-service outbox to the notifier. */
    public static final String WEBHOOK_REDELIVERY_REQUESTED = "export.webhook.redelivery-requested";

    public static final List<String> ALL = List.of(SHARD_SUBMITTED, JOB_CANCEL_REQUESTED, WORKER_UPDATES, JOB_STATUS,
            WEBHOOK_ATTEMPTS, WEBHOOK_REDELIVERY_REQUESTED);

    private Topics() {
    }
}
