package dev.bulkexport.common.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Members every event carries. The {@code type} member on the wire is the record's simple name. Events
 * evolve only by adding optional members; readers ignore members they do not know.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(ShardSubmitted.class),
    @JsonSubTypes.Type(ShardCompleted.class),
    @JsonSubTypes.Type(JobCancelRequested.class),
    @JsonSubTypes.Type(JobStarted.class),
    @JsonSubTypes.Type(JobProgressed.class),
    @JsonSubTypes.Type(JobCompleted.class),
    @JsonSubTypes.Type(JobStatusChanged.class),
    @JsonSubTypes.Type(WebhookAttempted.class),
    @JsonSubTypes.Type(WebhookRedeliveryRequested.class),
    @JsonSubTypes.Type(ScheduleChanged.class),
    @JsonSubTypes.Type(AccountJobStatusChanged.class)
})
public sealed interface JobEvent
        permits ShardSubmitted, ShardCompleted, JobCancelRequested, JobStarted, JobProgressed,
                JobCompleted, JobStatusChanged, WebhookAttempted, WebhookRedeliveryRequested, ScheduleChanged,
                AccountJobStatusChanged {

    UUID eventId();

    Instant occurredAt();

    int schemaVersion();

    /** The job the event is about; null only for {@link ScheduleChanged}, which is about a schedule. */
    UUID jobId();

    UUID accountId();

    /** The Kafka record key: the job id, or the schedule id of a {@link ScheduleChanged}, so each stays in order. */
    default UUID key() {
        return jobId();
    }

    /** The wire name of this event's type, also its CloudEvents {@code ce_type} suffix. */
    default String type() {
        return getClass().getSimpleName();
    }
}
