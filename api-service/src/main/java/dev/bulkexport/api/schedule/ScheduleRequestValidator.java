package dev.bulkexport.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.api.job.JobConfig;
import dev.bulkexport.api.job.JobRequestValidator;
import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.RequestBodies;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.Reports;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads schedule bodies. The schedule's own members ({@link ScheduleRequest}) are checked here; every other member
 * is a job option, checked by the job-creation validator on a create body made of them and a one-day probe window:
 * whatever POST /jobs accepts or refuses, a schedule does too, with the same message.
 */
@ApplicationScoped
public class ScheduleRequestValidator {
    static final Set<String> SCHEDULE_FIELDS = Set.of("name", "cadence", "time_zone", "window", "paused");

    private final ObjectMapper mapper;
    private final RequestBodies bodies;
    private final JobRequestValidator jobs;
    private final JobConfig limits;

    ScheduleRequestValidator(ObjectMapper mapper, RequestBodies bodies, JobRequestValidator jobs, JobConfig limits) {
        this.mapper = mapper;
        this.bodies = bodies;
        this.jobs = jobs;
        this.limits = limits;
    }

    /** A create body; may resolve the callback host (blocking DNS), so call it off the event loop. */
    public ScheduleDefinition parse(String body) {
        return definition((ObjectNode) bodies.object(body, true));
    }

    /**
     * A PATCH body applied to a schedule: its members replace the schedule's, {@code null} removes an optional
     * one (e.g. {@code callback_url}); the result is checked as a create body. Blocking as {@link #parse}.
     */
    public ScheduleDefinition parsePatch(ScheduleRecord schedule, String patch) {
        ObjectNode merged = body(schedule);
        bodies.object(patch, true).fields().forEachRemaining(member -> {
            if (member.getValue().isNull()) {
                merged.remove(member.getKey());
            } else {
                merged.set(member.getKey(), member.getValue());
            }
        });
        keepIcebergTableShape((ObjectNode) bodies.object(schedule.jobOptions(), true), merged);
        return definition(merged);
    }

    /**
     * A schedule that keeps its Iceberg table keeps the table's shape: the same report, and every column it wrote
     * (a column the runs stop writing would read null from then on, which a sync must not do silently). New columns
     * are welcome: the table gains them.
     */
    private static void keepIcebergTableShape(ObjectNode before, ObjectNode after) {
        JsonNode table = before.get("iceberg_table");
        if (table == null || table.isNull() || !table.equals(after.get("iceberg_table"))) {
            return;
        }
        if (!before.path("report_type").equals(after.path("report_type"))) {
            throw ApiProblem.badRequest("report_type must stay " + before.path("report_type").asText()
                    + " while the schedule writes iceberg_table " + table.asText() + " (the table holds that report)");
        }
        List<String> dropped = new ArrayList<>(columns(before));
        dropped.removeAll(columns(after));
        if (!dropped.isEmpty()) {
            throw ApiProblem.badRequest("fields must keep " + String.join(", ", dropped) + ": iceberg_table "
                    + table.asText() + " has these columns and a sync does not drop one (a new table name starts"
                    + " afresh)");
        }
    }

    /** The columns a job of these options writes: its fields, else every column of its report. */
    private static List<String> columns(ObjectNode options) {
        JsonNode fields = options.get("fields");
        if (fields != null && fields.isArray()) {
            List<String> names = new ArrayList<>();
            fields.forEach(field -> names.add(field.asText()));
            return names;
        }
        try {
            return Reports.forType(ReportType.fromWire(options.path("report_type").asText())).columns().stream()
                    .map(ReportColumn::name).toList();
        } catch (IllegalArgumentException e) {
            return List.of(); // an unknown report: the job-creation check names it
        }
    }

    /** The schedule's members as a create body would give them. */
    ObjectNode body(ScheduleRecord schedule) {
        ObjectNode body = (ObjectNode) bodies.object(schedule.jobOptions(), true);
        body.put("name", schedule.name());
        body.put("cadence", schedule.cadence());
        body.put("time_zone", schedule.timeZone());
        body.set("window", windowJson(schedule.window()));
        body.put("paused", schedule.paused());
        return body;
    }

    JsonNode windowJson(RunWindow window) {
        return window instanceof RunWindow.LastDays last ? mapper.createObjectNode().put("last_days", last.days())
                : mapper.getNodeFactory().textNode(window.stored());
    }

    /** {@code {"from", "to"}} of a backfill. */
    public LocalDate[] backfillRange(String body) {
        BackfillRequest range = bodies.read(body, BackfillRequest.class, true);
        if (range.from().isAfter(range.to())) {
            throw ApiProblem.badRequest("from must not be after to");
        }
        return new LocalDate[] {range.from(), range.to()};
    }

    private ScheduleDefinition definition(ObjectNode root) {
        ObjectNode members = mapper.createObjectNode();
        ObjectNode options = mapper.createObjectNode();
        root.fields().forEachRemaining(member -> {
            String name = member.getKey();
            if (name.equals("start_date") || name.equals("end_date")) {
                throw ApiProblem.badRequest(name + " is not a schedule member: each run's window sets its dates");
            }
            (SCHEDULE_FIELDS.contains(name) ? members : options).set(name, member.getValue());
        });
        ScheduleRequest request = bodies.bind(members, ScheduleRequest.class);
        ZoneId zone = timeZone(request.timeZone());
        Cadence cadence;
        try {
            cadence = Cadence.of(request.cadence(), zone);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        RunWindow window = window(request.window());
        boolean iceberg = options.hasNonNull("iceberg_table");
        if (iceberg) {
            checkIcebergSync(cadence, window);
        }
        // An Iceberg sync's job is one whole month: probe with the last one; any other with yesterday.
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LocalDate probeStart = iceberg ? yesterday.minusMonths(1).withDayOfMonth(1) : yesterday;
        LocalDate probeEnd = iceberg ? probeStart.withDayOfMonth(probeStart.lengthOfMonth()) : yesterday;
        var probe = jobs.read(options.deepCopy().put("start_date", probeStart.toString())
                .put("end_date", probeEnd.toString()).toString());
        return new ScheduleDefinition(request.name(), options.toString(), cadence, window,
                Boolean.TRUE.equals(request.paused()), probe.spec().destinationId());
    }

    /**
     * A schedule into an Iceberg table: each run's job replaces one month of the table, so each period is a whole
     * calendar month (a monthly cadence) and the run covers exactly its period.
     */
    private static void checkIcebergSync(Cadence cadence, RunWindow window) {
        if (!(window instanceof RunWindow.PreviousPeriod)) {
            throw ApiProblem.badRequest("window must be \"previous_period\" for iceberg_table (each run replaces the"
                    + " month it covers)");
        }
        Instant run = Instant.now();
        for (int i = 0; i < 12; i++) {
            run = cadence.nextAfter(run);
            Cadence.Period period = cadence.periodEndingAt(run);
            if (period.start().getDayOfMonth() != 1
                    || !period.end().equals(period.start().withDayOfMonth(period.start().lengthOfMonth()))) {
                throw ApiProblem.badRequest("cadence must run once a month, on the first day, for iceberg_table (each"
                        + " period is one calendar month, as \"monthly\" gives); '" + cadence.wire() + "' covers "
                        + period.start() + " to " + period.end());
            }
        }
    }

    private static ZoneId timeZone(String zone) {
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw ApiProblem.badRequest("time_zone must be an IANA time zone name such as Europe/Berlin; '" + zone
                    + "' is not one");
        }
        return ZoneId.of(zone);
    }

    private RunWindow window(JsonNode node) {
        String rule = "window must be \"previous_period\", \"since_last_success\" or {\"last_days\": N} with N from 1"
                + " to " + limits.maxSpanDays();
        if (node == null || node.isNull()) {
            throw ApiProblem.badRequest("window is required; " + rule);
        }
        if (node.isTextual() && List.of("previous_period", "since_last_success").contains(node.textValue())) {
            return RunWindow.fromStored(node.textValue());
        }
        JsonNode days = node.get("last_days");
        if (node.isObject() && node.size() == 1 && days != null && days.isInt() && days.intValue() >= 1
                && days.intValue() <= limits.maxSpanDays()) {
            return new RunWindow.LastDays(days.intValue());
        }
        throw ApiProblem.badRequest(rule);
    }
}
