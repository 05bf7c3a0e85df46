package dev.bulkexport.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.api.config.ApiConfig;
import dev.bulkexport.api.service.CreateJobCommand;
import dev.bulkexport.api.service.JobRequestReader;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.common.ReportType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads a create-job body and checks every rule, naming the field in the 400 message. */
@ApplicationScoped
public class CreateJobRequestParser implements JobRequestReader {
    private static final Set<String> FIELDS =
            Set.of("report_type", "output_format", "start_date", "end_date", "property_ids", "callback_url");

    private final ObjectMapper mapper;
    private final ApiConfig.Jobs limits;
    private final CallbackUrlGuard callbackGuard;

    public CreateJobRequestParser(ObjectMapper mapper, ApiConfig config) {
        this.mapper = mapper;
        this.limits = config.jobs();
        this.callbackGuard = new CallbackUrlGuard(limits.allowHttpCallbacks(),
                limits.callbackAllowedHosts().orElse(List.of()));
    }

    /** Parses and checks a body; may resolve the callback host (blocking DNS), so call it off the event loop. */
    public CreateJobCommand parse(String body) {
        return parse(body, true);
    }

    @Override
    public CreateJobCommand read(String createJobBody) {
        return parse(createJobBody);
    }

    /**
     * Parses and checks a body without resolving the callback host, for a dry run that sends nothing to it
     * ({@code quota_impact}): safe on the event loop, and a slow DNS server cannot hold a request.
     */
    public CreateJobCommand parseWithoutResolving(String body) {
        return parse(body, false);
    }

    private CreateJobCommand parse(String body, boolean resolveCallbackHost) {
        JsonNode root = readObject(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiProblem.badRequest("Unknown field '" + name + "'; allowed fields are " + FIELDS);
            }
        }
        ReportType reportType = enumField(root, "report_type", ReportType::fromWire);
        OutputFormat outputFormat = enumField(root, "output_format", OutputFormat::fromWire);
        LocalDate start = date(root, "start_date");
        LocalDate end = date(root, "end_date");
        if (start.isAfter(end)) {
            throw ApiProblem.badRequest("start_date must not be after end_date");
        }
        if (end.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw ApiProblem.badRequest("end_date must not be in the future (UTC)");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > limits.maxSpanDays()) {
            throw ApiProblem.badRequest("The range from start_date to end_date must span at most "
                    + limits.maxSpanDays() + " days");
        }
        List<Long> propertyIds = propertyIds(root);
        long propertyDays = propertyIds.size() * (ChronoUnit.DAYS.between(start, end) + 1);
        if (propertyDays > limits.maxPropertyDays()) {
            throw ApiProblem.badRequest("property_ids times the days from start_date to end_date must be at most "
                    + limits.maxPropertyDays() + " property-days; this job asks for " + propertyDays
                    + ": split it into smaller jobs");
        }
        return new CreateJobCommand(reportType, outputFormat, start, end, propertyIds,
                callbackUrl(root, resolveCallbackHost));
    }

    private JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("Request body must be a JSON object");
        }
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiProblem.badRequest("Request body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiProblem.badRequest(field + " is required");
        }
        return node;
    }

    private static <E> E enumField(JsonNode root, String field, java.util.function.Function<String, E> parse) {
        JsonNode node = required(root, field);
        try {
            if (!node.isTextual()) {
                throw new IllegalArgumentException(field + " must be a string");
            }
            return parse.apply(node.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    private static LocalDate date(JsonNode root, String field) {
        JsonNode node = required(root, field);
        try {
            if (node.isTextual() && node.textValue().length() == 10) {
                return LocalDate.parse(node.textValue());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ApiProblem.badRequest(field + " must be a date in the form YYYY-MM-DD");
    }

    private List<Long> propertyIds(JsonNode root) {
        JsonNode node = required(root, "property_ids");
        if (!node.isArray() || node.isEmpty()) {
            throw ApiProblem.badRequest("property_ids must be a non-empty array of integers");
        }
        if (node.size() > limits.maxPropertyIds()) {
            throw ApiProblem.badRequest("property_ids may hold at most " + limits.maxPropertyIds() + " ids");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() <= 0) {
                throw ApiProblem.badRequest("property_ids[" + i + "] must be a positive integer");
            }
            ids.add(id.longValue());
        }
        return new ArrayList<>(ids);
    }

    private String callbackUrl(JsonNode root, boolean resolveHost) {
        JsonNode node = root.get("callback_url");
        if (node == null || node.isNull()) {
            return null;
        }
        String rule = limits.allowHttpCallbacks() ? "an absolute http or https URL" : "an absolute https URL";
        if (!node.isTextual() || node.textValue().length() > 2048) {
            throw ApiProblem.badRequest("callback_url must be " + rule + " of at most 2048 characters");
        }
        try {
            return (resolveHost ? callbackGuard.check(node.textValue())
                    : callbackGuard.checkWithoutResolving(node.textValue())).toString();
        } catch (CallbackUrlGuard.RefusedCallbackUrl e) {
            throw ApiProblem.badRequest(e.getMessage() + " (rule: " + e.rule().description() + ")");
        }
    }
}
