package dev.bulkexport.api.platform;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * What the annotation scanner cannot see, applied to the document at build time so that the stored document
 * (docs/openapi.yaml) and the served one are the same: members that are null until a job or schedule gets there
 * (the snapshot records live in {@code common}, free of OpenAPI annotations), the query parameters' types, the
 * request bodies' closedness, and the answers every public operation can give (401, 429, 503; the admin API's: 503)
 * with their headers and examples. The tests validate every request and answer against the result.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {
    private static final String PROBLEM = ProblemBody.MEDIA_TYPE;
    private static final String PROBLEM_SCHEMA = "#/components/schemas/ProblemBody";
    /** A pattern (unanchored, as JSON Schema reads it) of a string that is not blank. */
    static final String NOT_BLANK = "\\S";

    /** Response members that are null until the job, schedule or property has them. */
    private static final Map<String, List<String>> NULLABLE = Map.ofEntries(
            Map.entry("JobSnapshot", List.of("callback_url", "error_message", "started_at", "completed_at", "progress",
                    "result", "webhook", "compression", "fields", "max_file_size_mb", "schedule_id",
                    "destination_id", "csv_formula_escaping", "iceberg_table")),
            Map.entry("Result", List.of("destination", "iceberg")),
            Map.entry("ResultDestination", List.of("endpoint")),
            Map.entry("Webhook", List.of("last_attempt_at", "last_response_status")),
            Map.entry("Schedule", List.of("next_run_at", "last_run", "callback_url", "compression", "fields",
                    "max_file_size_mb", "destination_id", "csv_formula_escaping", "iceberg_table")),
            Map.entry("ScheduleRun", List.of("error_message", "job_id")),
            Map.entry("Destination", List.of("endpoint")),
            Map.entry("PropertySummary", List.of("address", "city", "state", "zip_code", "total_units", "year_built",
                    "latitude", "longitude", "market", "msa", "property_type", "property_class", "management_company")),
            // Request members the server reads null as absent (a schedule takes the create body's, see below).
            Map.entry("CreateJobRequest", List.of("callback_url", "compression", "fields", "max_file_size_mb",
                    "destination_id", "csv_formula_escaping", "iceberg_table")),
            Map.entry("ScheduleRequest", List.of("paused")),
            Map.entry("DestinationRequest", List.of("prefix", "endpoint")));

    /** The members of a create body that a schedule takes too, with the same rules (JobRequestValidator). */
    private static final List<String> JOB_OPTIONS = List.of("report_type", "output_format", "property_ids",
            "callback_url", "compression", "fields", "max_file_size_mb", "destination_id", "csv_formula_escaping",
            "iceberg_table");

    /** Names that generated clients give the operations (createJob, not apiV1BulkApiJobsPost). */
    private static final Map<String, String> OPERATION_IDS = Map.ofEntries(
            Map.entry("POST /api/v1/bulk_api/jobs", "createJob"),
            Map.entry("GET /api/v1/bulk_api/jobs", "listJobs"),
            Map.entry("POST /api/v1/bulk_api/jobs/quota_impact", "quotaImpact"),
            Map.entry("GET /api/v1/bulk_api/jobs/{job_id}", "getJob"),
            Map.entry("DELETE /api/v1/bulk_api/jobs/{job_id}", "cancelJob"),
            Map.entry("GET /api/v1/bulk_api/jobs/{job_id}/results", "downloadResults"),
            Map.entry("GET /api/v1/bulk_api/jobs/{job_id}/results/link", "getResultLink"),
            Map.entry("GET /api/v1/bulk_api/jobs/{job_id}/results/manifest", "getResultManifest"),
            Map.entry("POST /api/v1/bulk_api/jobs/{job_id}/webhook/redeliver", "redeliverWebhook"),
            Map.entry("POST /api/v1/bulk_api/schedules", "createSchedule"),
            Map.entry("GET /api/v1/bulk_api/schedules", "listSchedules"),
            Map.entry("GET /api/v1/bulk_api/schedules/{schedule_id}", "getSchedule"),
            Map.entry("PATCH /api/v1/bulk_api/schedules/{schedule_id}", "updateSchedule"),
            Map.entry("DELETE /api/v1/bulk_api/schedules/{schedule_id}", "deleteSchedule"),
            Map.entry("GET /api/v1/bulk_api/schedules/{schedule_id}/runs", "listScheduleRuns"),
            Map.entry("POST /api/v1/bulk_api/schedules/{schedule_id}/backfill", "backfillSchedule"),
            Map.entry("POST /api/v1/bulk_api/destinations", "createDestination"),
            Map.entry("GET /api/v1/bulk_api/destinations", "listDestinations"),
            Map.entry("GET /api/v1/bulk_api/destinations/{destination_id}", "getDestination"),
            Map.entry("DELETE /api/v1/bulk_api/destinations/{destination_id}", "deleteDestination"),
            Map.entry("GET /api/v1/properties/lookup", "lookupProperties"),
            Map.entry("GET /admin/v1/accounts", "listAccounts"),
            Map.entry("POST /admin/v1/accounts", "createAccount"),
            Map.entry("PUT /admin/v1/accounts/{account_id}/entitlement", "setEntitlement"),
            Map.entry("PUT /admin/v1/accounts/{account_id}/limits", "setLimits"),
            Map.entry("POST /admin/v1/accounts/{account_id}/keys", "issueKey"),
            Map.entry("POST /admin/v1/accounts/{account_id}/webhook-secret", "rotateWebhookSecret"),
            Map.entry("DELETE /admin/v1/keys/{key_id}", "revokeKey"));

    /** Request bodies read with unknown members refused (RequestBodies). */
    private static final List<String> CLOSED = List.of("CreateJobRequest", "ScheduleRequest", "DestinationRequest",
            "BackfillRequest");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        NULLABLE.forEach((name, members) -> {
            Schema schema = schemas.get(name);
            if (schema != null) {
                members.forEach(member -> nullable(schemas, schema, member));
            }
        });
        CLOSED.stream().map(schemas::get).filter(schema -> schema != null)
                .forEach(schema -> schema.setAdditionalPropertiesBoolean(false));
        requestRules(schemas);
        // RFC 9457 extension members some problems carry (quota_limit and quota_usage on a 403 of the quota,
        // max_unfinished_jobs on a 429 of the cap); others may follow.
        Schema problem = schemas.get("ProblemBody");
        problem.additionalPropertiesBoolean(true);
        problem.addProperty("quota_limit", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64"));
        problem.addProperty("quota_usage", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64"));
        problem.addProperty("max_unfinished_jobs", OASFactory.createSchema().addType(SchemaType.INTEGER));
        scheduleWindow(openAPI, schemas);
        scheduleChanges(openAPI, schemas);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(OpenApiContract::publicOperation);
            } else if (path.startsWith("/admin/")) {
                item.getOperations().values().forEach(OpenApiContract::adminOperation);
            }
            item.getOperations().values().stream().filter(operation -> operation.getRequestBody() != null)
                    .forEach(operation -> response(operation, "413", "The body is larger than the server reads"));
            if (path.startsWith("/api/")) {
                item.getOperations().values().stream().filter(operation -> operation.getRequestBody() != null)
                        .forEach(operation -> example(response(operation, "415", "Body is not application/json"),
                                "unsupportedMediaType", "UnsupportedMediaType"));
            }
            item.getOperations().values().forEach(OpenApiContract::examplesAndHeaders);
            item.getOperations().forEach((method, operation) -> {
                String id = OPERATION_IDS.get(method + " " + path);
                if (id == null) {
                    throw new IllegalStateException("no operationId for " + method + " " + path);
                }
                operation.setOperationId(id);
            });
        });
    }

    private static void requestRules(Map<String, Schema> schemas) {
        Schema create = schemas.get("CreateJobRequest");
        Schema ids = create.getProperties().get("property_ids");
        ids.minItems(1).maxItems(5000).getItems().exclusiveMinimum(null).minimum(BigDecimal.ONE);
        Schema schedule = schemas.get("ScheduleRequest");
        // Blank names are refused: at least one character that is not white space.
        schedule.getProperties().get("name").minLength(1).maxLength(200).pattern(NOT_BLANK);
        // A schedule's job options are read exactly as a create body's members (its runs are created from them).
        JOB_OPTIONS.forEach(member -> schedule.addProperty(member, create.getProperties().get(member)));
        Schema destination = schemas.get("DestinationRequest");
        if (destination != null && destination.getProperties().get("name") != null) {
            destination.getProperties().get("name").minLength(1).pattern(NOT_BLANK);
        }
    }

    /**
     * A schedule's {@code window}: {@code "previous_period"}, {@code "since_last_success"} or {@code {"last_days": N}}
     * (ScheduleRequestValidator's rule), one schema that the request and the answer refer to.
     */
    private static void scheduleWindow(OpenAPI openAPI, Map<String, Schema> schemas) {
        Schema lastDays = OASFactory.createSchema().addType(SchemaType.OBJECT).required(List.of("last_days"))
                .properties(Map.of("last_days", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1096))))
                .additionalPropertiesBoolean(false);
        Schema named = OASFactory.createSchema().addType(SchemaType.STRING)
                .enumeration(List.of("previous_period", "since_last_success"));
        openAPI.getComponents().addSchema("ScheduleWindow", OASFactory.createSchema()
                .description("The days each run exports: the period before the run, the days since the last run that"
                        + " succeeded, or the last N days (1 to 1096)")
                .oneOf(List.of(named, lastDays)).example("previous_period"));
        for (String name : List.of("ScheduleRequest", "Schedule")) {
            Schema schema = schemas.get(name);
            if (schema == null || schema.getProperties() == null || !schema.getProperties().containsKey("window")) {
                throw new IllegalStateException("no window member on " + name + " to describe");
            }
            schema.addProperty("window", OASFactory.createSchema().ref("#/components/schemas/ScheduleWindow"));
        }
    }

    /**
     * A PATCH of a schedule takes any of the create body's members (those given replace the schedule's): its own
     * schema, the create body's without required members, so that clients may send one member.
     */
    private static void scheduleChanges(OpenAPI openAPI, Map<String, Schema> schemas) {
        Schema request = schemas.get("ScheduleRequest");
        var patch = openAPI.getPaths().getPathItem("/api/v1/bulk_api/schedules/{schedule_id}");
        if (request == null || patch == null || patch.getPATCH() == null) {
            throw new IllegalStateException("no ScheduleRequest or PATCH of a schedule to describe");
        }
        Map<String, Schema> members = new LinkedHashMap<>(request.getProperties());
        // null removes an optional member
        members.put("callback_url", OASFactory.createSchema().type(nullableType(SchemaType.STRING)));
        members.put("compression", OASFactory.createSchema().type(nullableType(SchemaType.STRING))
                .enumeration(java.util.Arrays.asList("none", "gzip", "zstd", null)));
        members.put("fields", OASFactory.createSchema().type(nullableType(SchemaType.ARRAY)).minItems(1)
                .items(OASFactory.createSchema().addType(SchemaType.STRING)));
        members.put("max_file_size_mb", OASFactory.createSchema().type(nullableType(SchemaType.INTEGER))
                .format("int32").minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(102_400)));
        members.put("destination_id", OASFactory.createSchema().type(nullableType(SchemaType.STRING)).format("uuid"));
        openAPI.getComponents().addSchema("ScheduleChanges", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("Changes to a schedule: the members given replace the schedule's, null removes an "
                        + "optional one; the rules are the create body's.")
                .properties(members).additionalPropertiesBoolean(false));
        patch.getPATCH().getRequestBody().getContent().getMediaType("application/json")
                .schema(OASFactory.createSchema().ref("#/components/schemas/ScheduleChanges"));
    }

    private static List<SchemaType> nullableType(SchemaType type) {
        return List.of(type, SchemaType.NULL);
    }

    /** A member that may be null: inline primitives gain null; a referenced object's schema allows null. */
    private static void nullable(Map<String, Schema> schemas, Schema owner, String member) {
        Schema property = owner.getProperties() == null ? null : owner.getProperties().get(member);
        if (property == null) {
            throw new IllegalStateException(owner.getTitle() + " has no member " + member);
        }
        if (property.getRef() != null) {
            Schema target = schemas.get(property.getRef().substring(property.getRef().lastIndexOf('/') + 1));
            if (target.getType() != null && target.getType().contains(SchemaType.OBJECT)) {
                target.addType(SchemaType.NULL);
                return;
            }
            // A primitive (date-time, uuid, an enum): inlined, so that other uses stay non-null.
            Schema inline = OASFactory.createSchema().type(new ArrayList<>(target.getType()))
                    .format(target.getFormat()).pattern(target.getPattern())
                    .description(property.getDescription() != null ? property.getDescription() : target.getDescription());
            if (target.getEnumeration() != null) {
                inline.enumeration(new ArrayList<>(target.getEnumeration()));
            }
            owner.addProperty(member, inline);
            property = inline;
        }
        if (property.getType() == null) {
            return;
        }
        if (!property.getType().contains(SchemaType.NULL)) {
            property.addType(SchemaType.NULL);
        }
        if (property.getEnumeration() != null && !property.getEnumeration().contains(null)) {
            property.addEnumeration(null);
        }
    }

    private static void publicOperation(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(OpenApiContract::queryParameter);
        }
        APIResponse unauthorized = response(operation, "401", "Missing, malformed, unknown, revoked or expired key");
        example(unauthorized, "unauthorized", "Unauthorized");
        APIResponse tooMany = response(operation, "429", "Over the key's rate limit (Retry-After, X-RateLimit-Reset-After "
                + "and X-RateLimit-Reset tell when to retry), or, before any key lookup, an address refused too often "
                + "in a minute (Retry-After)");
        header(tooMany, "Retry-After", "Seconds to wait before retrying", SchemaType.INTEGER);
        header(tooMany, "X-RateLimit-Limit", "Requests a minute the key may make", SchemaType.INTEGER);
        header(tooMany, "X-RateLimit-Reset-After", "Seconds until the key may make a request again", SchemaType.INTEGER);
        header(tooMany, "X-RateLimit-Reset", "When the key may make a request again (Unix seconds)", SchemaType.INTEGER);
        example(tooMany, "tooManyRequests", "TooManyRequests");
        example(tooMany, "tooManyFailedAuthentications", "TooManyFailedAuthentications");
        unavailable(operation);
    }

    /** The admin API's bodies are closed like the public ones (AdminResource refuses unknown members). */
    private static void adminOperation(Operation operation) {
        if (operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values()
                    .forEach(media -> media.getSchema().additionalPropertiesBoolean(false));
        }
        unavailable(operation);
    }

    private static void unavailable(Operation operation) {
        APIResponse unavailable = response(operation, "503", "The database is briefly unreachable; nothing was "
                + "written, so the request may be retried as it was (a create with the same Idempotency-Key)");
        header(unavailable, "Retry-After", "Seconds to wait before retrying", SchemaType.INTEGER);
        example(unavailable, "serviceUnavailable", "ServiceUnavailable");
    }

    /** The query parameters the server reads as numbers or words, typed with the range it enforces. */
    private static void queryParameter(Parameter parameter) {
        if (parameter.getIn() != Parameter.In.QUERY) {
            return;
        }
        // An empty value (?status=) reads as absent.
        parameter.allowEmptyValue(true);
        switch (parameter.getName()) {
            case "page" -> parameter.schema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                    .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1_000_000)).defaultValue(1));
            case "per_page" -> parameter.schema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                    .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(100)).defaultValue(50));
            case "status" -> parameter.schema(OASFactory.createSchema().addType(SchemaType.STRING)
                    .enumeration(List.of("submitted", "succeeded", "failed", "cancelled")));
            default -> {
            }
        }
    }

    private static APIResponse response(Operation operation, String code, String description) {
        APIResponse response = operation.getResponses().getAPIResponse(code);
        if (response == null) {
            response = OASFactory.createAPIResponse();
            operation.getResponses().addAPIResponse(code, response);
        }
        response.description(description);
        problemContent(response);
        return response;
    }

    private static MediaType problemContent(APIResponse response) {
        if (response.getContent() == null) {
            response.content(OASFactory.createContent());
        }
        MediaType media = response.getContent().getMediaType(PROBLEM);
        if (media == null) {
            media = OASFactory.createMediaType();
            response.getContent().addMediaType(PROBLEM, media);
        }
        if (media.getSchema() == null) {
            media.schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        }
        return media;
    }

    private static void example(APIResponse response, String name, String component) {
        MediaType media = problemContent(response);
        if (media.getExamples() == null || !media.getExamples().containsKey(name)) {
            media.addExample(name, OASFactory.createExample().ref("#/components/examples/" + component));
        }
    }

    private static void header(APIResponse response, String name, String description, SchemaType type) {
        Header header = response.getHeaders() == null ? null : response.getHeaders().get(name);
        if (header == null) {
            header = OASFactory.createHeader();
            response.addHeader(name, header);
        }
        header.description(description).schema(OASFactory.createSchema().addType(type));
    }

    /**
     * Every header has a schema (a header without one is not a valid document), and every problem answer an
     * example: the one it names, else its status and description.
     */
    private static void examplesAndHeaders(Operation operation) {
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (response.getRef() != null) {
                return;
            }
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, header) -> {
                    if (header.getSchema() == null && header.getContent() == null) {
                        header.schema(name.equals("Location")
                                ? OASFactory.createSchema().addType(SchemaType.STRING).format("uri")
                                : OASFactory.createSchema().addType(SchemaType.INTEGER));
                    }
                });
            }
            Content content = response.getContent();
            MediaType media = content == null ? null : content.getMediaType(PROBLEM);
            if (media != null && (media.getExamples() == null || media.getExamples().isEmpty())
                    && media.getExample() == null) {
                int status = Integer.parseInt(code);
                String error = jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase();
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("error", error);
                value.put("message", response.getDescription());
                value.put("type", "about:blank");
                value.put("title", error);
                value.put("status", status);
                value.put("detail", response.getDescription());
                Example example = OASFactory.createExample().value(value);
                media.addExample("problem", example);
            }
        });
    }
}
