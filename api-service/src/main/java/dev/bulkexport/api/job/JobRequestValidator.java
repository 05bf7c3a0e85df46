package dev.bulkexport.api.job;

import dev.bulkexport.api.platform.ApiProblem;
import dev.bulkexport.api.platform.RequestBodies;
import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.callback.CallbackUrlGuard;
import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.Reports;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rules of a create body across its members and those the configuration sets (each member's own rules are on
 * {@link CreateJobRequest}); every 400 names the member and the rule. A schedule's runs are read here too, so that
 * a run is checked exactly as a job created by hand.
 */
@ApplicationScoped
public class JobRequestValidator implements JobRequestReader {
    /** namespace.table, each a lowercase letter then lowercase letters, digits or underscores. */
    static final String ICEBERG_TABLE_PATTERN = "^[a-z][a-z0-9_]{0,62}\\.[a-z][a-z0-9_]{0,62}$";
    private static final java.util.regex.Pattern ICEBERG_TABLE = java.util.regex.Pattern.compile(
            ICEBERG_TABLE_PATTERN);

    private final RequestBodies bodies;
    private final JobConfig limits;
    private final CallbackUrlGuard callbackGuard;

    JobRequestValidator(RequestBodies bodies, JobConfig limits) {
        this.bodies = bodies;
        this.limits = limits;
        this.callbackGuard = new CallbackUrlGuard(limits.allowHttpCallbacks(),
                limits.callbackAllowedHosts().orElse(List.of()));
    }

    /** Reads and checks a body; may resolve the callback host (blocking DNS), so call it off the event loop. */
    @Override
    public CreateJobCommand read(String body) {
        return command(bodies.read(body, CreateJobRequest.class, true), true);
    }

    /**
     * Reads and checks a body without resolving the callback host, for a dry run that sends nothing to it
     * ({@code quota_impact}): safe on the event loop, and a slow DNS server cannot hold a request.
     */
    public CreateJobCommand readWithoutResolving(String body) {
        return command(bodies.read(body, CreateJobRequest.class, true), false);
    }

    /**
     * Resolves the callback host of a command {@link #readWithoutResolving} accepted (blocking DNS: call it off the
     * event loop), so that a body is read once: the command when the host passes, else the 400 naming it.
     */
    public CreateJobCommand resolvingCallbackHost(CreateJobCommand checked) {
        callbackUrl(checked.callbackUrl(), true);
        return checked;
    }

    /** The command of a request whose members keep their own rules, once it keeps the rules across them. */
    CreateJobCommand command(CreateJobRequest request, boolean resolveCallbackHost) {
        LocalDate start = request.startDate();
        LocalDate end = request.endDate();
        if (start.isAfter(end)) {
            throw ApiProblem.badRequest("start_date must not be after end_date");
        }
        if (end.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw ApiProblem.badRequest("end_date must not be in the future (UTC)");
        }
        long days = end.toEpochDay() - start.toEpochDay() + 1;
        if (days > limits.maxSpanDays()) {
            throw ApiProblem.badRequest("The range from start_date to end_date must span at most "
                    + limits.maxSpanDays() + " days");
        }
        if (request.propertyIds().size() > limits.maxPropertyIds()) {
            throw ApiProblem.badRequest("property_ids may hold at most " + limits.maxPropertyIds() + " ids");
        }
        List<Long> propertyIds = new ArrayList<>(new LinkedHashSet<>(request.propertyIds()));
        long propertyDays = propertyIds.size() * days;
        if (propertyDays > limits.maxPropertyDays()) {
            throw ApiProblem.badRequest("property_ids times the days from start_date to end_date must be at most "
                    + limits.maxPropertyDays() + " property-days; this job asks for " + propertyDays
                    + ": split it into smaller jobs");
        }
        String callbackUrl = callbackUrl(request.callbackUrl(), resolveCallbackHost);
        // Parquet compresses its pages (ZSTD) itself: compressing the file again would only slow its readers.
        if (request.outputFormat() == OutputFormat.PARQUET && request.compression() != null
                && request.compression() != Compression.NONE) {
            throw ApiProblem.badRequest("compression must be none for output_format parquet (Parquet files compress"
                    + " their pages with ZSTD themselves)");
        }
        if (Boolean.TRUE.equals(request.csvFormulaEscaping()) && request.outputFormat() != OutputFormat.CSV) {
            throw ApiProblem.badRequest("csv_formula_escaping may be true for output_format csv only (JSONL and"
                    + " Parquet values are typed, not formulas)");
        }
        if (request.fields() != null) {
            try {
                ColumnSelection.of(Reports.forType(request.reportType()), request.fields());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(e.getMessage());
            }
        }
        if (request.icebergTable() != null) {
            checkIcebergSync(request);
        }
        // That the account has the destination is checked when the job is made, in the create's transaction.
        return new CreateJobCommand(new JobSpec(request.reportType(), request.outputFormat(), propertyIds, start, end,
                request.compression(), request.fields(), request.maxFileSizeMb(), request.destinationId(),
                request.csvFormulaEscaping(), request.icebergTable()),
                callbackUrl);
    }

    /**
     * The rules of a job that commits to an Iceberg table: the table lives in the customer's bucket, its data files
     * are Parquet, each job replaces one month partition whole, and every row keeps its key.
     */
    private static void checkIcebergSync(CreateJobRequest request) {
        if (!ICEBERG_TABLE.matcher(request.icebergTable()).matches()) {
            throw ApiProblem.badRequest("iceberg_table must be namespace.table, each part a lowercase letter followed"
                    + " by at most 62 lowercase letters, digits or underscores; '" + request.icebergTable()
                    + "' is not");
        }
        if (request.destinationId() == null) {
            throw ApiProblem.badRequest("iceberg_table needs destination_id: the table lives in the destination's"
                    + " bucket");
        }
        if (request.outputFormat() != OutputFormat.PARQUET) {
            throw ApiProblem.badRequest("output_format must be parquet for iceberg_table (the table's data files"
                    + " are Parquet)");
        }
        LocalDate start = request.startDate();
        if (start.getDayOfMonth() != 1 || !request.endDate().equals(start.withDayOfMonth(start.lengthOfMonth()))) {
            throw ApiProblem.badRequest("start_date and end_date must be the first and the last day of one calendar"
                    + " month for iceberg_table (a job replaces one month of the table); for several months, use a"
                    + " monthly schedule and its backfill");
        }
        if (request.fields() != null) {
            List<String> missing = Reports.forType(request.reportType()).keyColumns().stream()
                    .filter(key -> !request.fields().contains(key)).toList();
            if (!missing.isEmpty()) {
                throw ApiProblem.badRequest("fields must include " + String.join(", ", missing)
                        + " for iceberg_table (the key of the table's rows)");
            }
        }
    }

    private String callbackUrl(String url, boolean resolveHost) {
        if (url == null) {
            return null;
        }
        String rule = limits.allowHttpCallbacks() ? "an absolute http or https URL" : "an absolute https URL";
        if (url.length() > 2048) {
            throw ApiProblem.badRequest("callback_url must be " + rule + " of at most 2048 characters");
        }
        try {
            return (resolveHost ? callbackGuard.check(url) : callbackGuard.checkWithoutResolving(url)).toString();
        } catch (CallbackUrlGuard.RefusedCallbackUrl e) {
            throw ApiProblem.badRequest(e.getMessage() + " (rule: " + e.rule().description() + ")");
        }
    }
}
