package dev.bulkexport.api.schedule;

import dev.bulkexport.api.job.CreateJobRequestParser;
import dev.bulkexport.api.job.JobConfig;
import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.JsonBodies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads schedule bodies. The schedule's own members ({@link #SCHEDULE_FIELDS}) are checked here; every other
 * member is a job option, checked by the job-creation parser on a create body made of them and a one-day probe
 * window: whatever POST /jobs accepts or refuses, a schedule does too, with the same message.
 */
@ApplicationScoped
public class ScheduleRequestParser {
    static final Set<String> SCHEDULE_FIELDS = Set.of("name", "cadence", "time_zone", "window", "paused");
    private static final int MAX_NAME_LENGTH = 200;

    private final ObjectMapper mapper;
    private final CreateJobRequestParser jobs;
    private final JobConfig limits;

    public ScheduleRequestParser(ObjectMapper mapper, CreateJobRequestParser jobs, JobConfig limits) {
        this.mapper = mapper;
        this.jobs = jobs;
        this.limits = limits;
    }

    /** A create body; may resolve the callback host (blocking DNS), so call it off the event loop. */
    public ScheduleDefinition parse(String body) {
        return definition(readObject(body));
    }

    /**
     * A PATCH body applied to a schedule: its members replace the schedule's, {@code null} removes an optional
     * one (e.g. {@code callback_url}); the result is checked as a create body. Blocking as {@link #parse}.
     */
    public ScheduleDefinition parsePatch(ScheduleRecord schedule, String patch) {
        ObjectNode merged = body(schedule);
        readObject(patch).fields().forEachRemaining(member -> {
            if (member.getValue().isNull()) {
                merged.remove(member.getKey());
            } else {
                merged.set(member.getKey(), member.getValue());
            }
        });
        return definition(merged);
    }

    /** The schedule's members as a create body would give them. */
    ObjectNode body(ScheduleRecord schedule) {
        ObjectNode body = readObject(schedule.jobOptions());
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
        ObjectNode root = readObject(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("from") && !name.equals("to")) {
                throw ApiProblem.badRequest("Unknown field '" + name + "'; allowed fields are [from, to]");
            }
        }
        LocalDate from = date(root, "from");
        LocalDate to = date(root, "to");
        if (from.isAfter(to)) {
            throw ApiProblem.badRequest("from must not be after to");
        }
        return new LocalDate[] {from, to};
    }

    private ScheduleDefinition definition(ObjectNode root) {
        ObjectNode options = mapper.createObjectNode();
        root.fields().forEachRemaining(member -> {
            String name = member.getKey();
            if (name.equals("start_date") || name.equals("end_date")) {
                throw ApiProblem.badRequest(name + " is not a schedule member: each run's window sets its dates");
            }
            if (!SCHEDULE_FIELDS.contains(name)) {
                options.set(name, member.getValue());
            }
        });
        String name = name(root);
        ZoneId zone = timeZone(root);
        Cadence cadence;
        try {
            cadence = Cadence.of(text(root, "cadence"), zone);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        RunWindow window = window(root);
        JsonNode paused = root.get("paused");
        if (paused != null && !paused.isBoolean()) {
            throw ApiProblem.badRequest("paused must be true or false");
        }
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        var probe = jobs.parse(options.deepCopy().put("start_date", yesterday).put("end_date", yesterday).toString());
        return new ScheduleDefinition(name, options.toString(), cadence, window, paused != null && paused.booleanValue(),
                probe.destinationId());
    }

    private static String name(ObjectNode root) {
        String name = text(root, "name");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.badRequest("name must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
        }
        return name;
    }

    private static ZoneId timeZone(ObjectNode root) {
        String zone = text(root, "time_zone");
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw ApiProblem.badRequest("time_zone must be an IANA time zone name such as Europe/Berlin; '" + zone
                    + "' is not one");
        }
        return ZoneId.of(zone);
    }

    private RunWindow window(ObjectNode root) {
        JsonNode node = root.get("window");
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

    private static String text(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiProblem.badRequest(field + " is required");
        }
        if (!node.isTextual()) {
            throw ApiProblem.badRequest(field + " must be a string");
        }
        return node.textValue();
    }

    private static LocalDate date(ObjectNode root, String field) {
        try {
            String value = text(root, field);
            if (value.length() == 10) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ApiProblem.badRequest(field + " must be a date in the form YYYY-MM-DD");
    }

    private ObjectNode readObject(String body) {
        return JsonBodies.object(mapper, body, true);
    }
}
