package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.JsonBodies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkexport.common.Compression;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.Reports;
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
    private static final Set<String> FIELDS = Set.of("report_type", "output_format", "start_date", "end_date",
            "property_ids", "callback_url", "compression", "fields", "max_file_size_mb", "destination_id");
    /** Bounds of {@code max_file_size_mb}: 1 MiB to 100 GiB (larger files gain nothing but longer downloads). */
    static final int MIN_FILE_SIZE_MB = 1;
    static final int MAX_FILE_SIZE_MB = 102_400;

    private final ObjectMapper mapper;
    private final JobConfig limits;
    private final CallbackUrlGuard callbackGuard;

    public CreateJobRequestParser(ObjectMapper mapper, JobConfig limits) {
        this.mapper = mapper;
        this.limits = limits;
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
                callbackUrl(root, resolveCallbackHost), compression(root, outputFormat), fields(root, reportType),
                maxFileSizeMb(root), destinationId(root));
    }

    /** Only the form is checked here; that the account has this destination is checked when the job is made. */
    private static java.util.UUID destinationId(JsonNode root) {
        JsonNode node = root.get("destination_id");
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isTextual()) {
                return java.util.UUID.fromString(node.textValue());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiProblem.badRequest("destination_id must be the id (a UUID) of one of the account's destinations");
    }

    /** Parquet compresses its pages (ZSTD) itself: compressing the file again would only slow its readers. */
    private static Compression compression(JsonNode root, OutputFormat format) {
        if (root.get("compression") == null || root.get("compression").isNull()) {
            return null;
        }
        Compression compression = enumField(root, "compression", Compression::fromWire);
        if (format == OutputFormat.PARQUET && compression != Compression.NONE) {
            throw ApiProblem.badRequest("compression must be none for output_format parquet (Parquet files compress"
                    + " their pages with ZSTD themselves)");
        }
        return compression;
    }

    private static List<String> fields(JsonNode root, ReportType reportType) {
        JsonNode node = root.get("fields");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw ApiProblem.badRequest("fields must be an array of column names of the report");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw ApiProblem.badRequest("fields[" + i + "] must be a column name (a string)");
            }
            names.add(node.get(i).textValue());
        }
        try {
            ColumnSelection.of(Reports.forType(reportType), names);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return List.copyOf(names);
    }

    private static Integer maxFileSizeMb(JsonNode root) {
        JsonNode node = root.get("max_file_size_mb");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < MIN_FILE_SIZE_MB
                || node.intValue() > MAX_FILE_SIZE_MB) {
            throw ApiProblem.badRequest("max_file_size_mb must be an integer from " + MIN_FILE_SIZE_MB + " to "
                    + MAX_FILE_SIZE_MB);
        }
        return node.intValue();
    }

    private ObjectNode readObject(String body) {
        return JsonBodies.object(mapper, body, true);
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
