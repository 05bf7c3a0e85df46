package dev.bulkexport.api.schedule;

import dev.bulkexport.api.platform.Pagination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The schedule object: {@code schedule_id}, the body's members (the job options as given, so a new job member
 * shows without a change here), {@code next_run_at}, {@code last_run}. The records below document the shapes.
 */
@ApplicationScoped
public class ScheduleViews {
    private final ObjectMapper mapper;
    private final ScheduleRequestValidator parser;

    public ScheduleViews(ObjectMapper mapper, ScheduleRequestValidator parser) {
        this.mapper = mapper;
        this.parser = parser;
    }

    public ObjectNode of(ScheduleRecord schedule) {
        ObjectNode view = mapper.createObjectNode().put("schedule_id", schedule.id().toString());
        view.setAll(parser.body(schedule));
        view.put("next_run_at", schedule.nextRunAt() == null ? null : schedule.nextRunAt().toString());
        view.set("last_run", mapper.valueToTree(schedule.lastRun() == null ? null : Run.of(schedule.lastRun())));
        view.put("created_at", schedule.createdAt().toString());
        view.put("updated_at", schedule.updatedAt().toString());
        return view;
    }

    @Schema(name = "Schedule", description = "A schedule: the create body's members, and what it has done")
    public record Schedule(@Schema(format = "uuid") UUID scheduleId, String name, String reportType,
            String outputFormat, List<Long> propertyIds, String callbackUrl,
            @Schema(description = "daily, weekly, monthly or a 5-field cron expression") String cadence,
            @Schema(description = "IANA name") String timeZone,
            @Schema(description = "\"previous_period\", \"since_last_success\" or {\"last_days\": N}") Object window,
            boolean paused, @Schema(description = "Null while paused") Instant nextRunAt, Run lastRun,
            Instant createdAt, Instant updatedAt,
            @Schema(enumeration = {"none", "gzip", "zstd"}) String compression, List<String> fields,
            Integer maxFileSizeMb, @Schema(format = "uuid") UUID destinationId, Boolean csvFormulaEscaping,
            @Schema(description = "The Iceberg table (namespace.table) each run commits to") String icebergTable) {
    }

    @Schema(name = "ScheduleRequest", description = "A schedule to create: name, cadence, time_zone, window and"
            + " paused, and the members of a create-job body but its dates (checked exactly as POST /jobs checks"
            + " them), destination_id included.")
    public record ScheduleRequest(@Schema(required = true) String name,
            @Schema(required = true, enumeration = {"property", "units", "floorplans"}) String reportType,
            @Schema(required = true, enumeration = {"csv", "jsonl", "parquet"}) String outputFormat,
            @Schema(required = true) List<Long> propertyIds, String callbackUrl,
            @Schema(required = true, example = "monthly") String cadence,
            @Schema(required = true, example = "Europe/Berlin") String timeZone,
            @Schema(required = true, example = "previous_period") Object window, Boolean paused,
            @Schema(enumeration = {"none", "gzip", "zstd"}) String compression, List<String> fields,
            Integer maxFileSizeMb, @Schema(format = "uuid") UUID destinationId) {
    }

    @Schema(name = "ScheduleRun", description = "A run: the period that ended at run_at, and its job")
    public record Run(Instant runAt, LocalDate startDate, LocalDate endDate, boolean backfill,
            @Schema(description = "The job's status, or pending (waiting under the unfinished-jobs cap) or"
                    + " rejected (see error_message)") String status,
            UUID jobId, String errorMessage, Instant createdAt) {
        static Run of(ScheduleRecord.Run run) {
            return new Run(run.runAt(), run.startDate(), run.endDate(), run.backfill(), run.status(), run.jobId(),
                    run.errorMessage(), run.createdAt());
        }
    }

    public record ScheduleList(List<Schedule> schedules, Pagination pagination) {
    }

    public record RunList(List<Run> runs, Pagination pagination) {
    }

    public record BackfillRequest(@Schema(required = true, format = "date") String from,
            @Schema(required = true, format = "date") String to) {
    }

    public record Backfill(@Schema(description = "The runs queued; periods run already are left out") List<Run> runs) {
    }
}
