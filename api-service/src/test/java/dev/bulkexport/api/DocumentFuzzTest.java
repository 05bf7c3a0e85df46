package dev.bulkexport.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.Reports;
import dev.bulkexport.testsupport.CustomerBucket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The committed document, docs/openapi.yaml, as an outside tester's property-based fuzzer reads it: for every
 * operation, requests generated from its parameters' and body's schemas only. A request the document allows must
 * not be refused with a 400 (the document would be looser than the server) and a request that breaks exactly one of
 * its rules must be refused with a 4xx problem body naming the member or parameter (else the server is looser than
 * the document); no request may cause a 5xx. Every answer also passes the contract filter ({@link OpenApiValidation}):
 * its status is declared and its body fits. The few rules JSON Schema cannot state are listed in
 * {@link #UNSTATABLE}, and the generator keeps them. The seed is printed; {@code -Dfuzz.seed=} replays a run.
 */
@QuarkusTest
class DocumentFuzzTest {
    private static final int POSITIVES = 20;
    private static final String ADMIN_TOKEN = "test-admin-token-for-the-api-service-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };
    private static final String UNKNOWN_MEMBER = "no_such_member";

    /**
     * The rules the document cannot state, each with why: OpenAPI 3.0's JSON Schema compares no two members, has no
     * if/then, knows no "today" or "now", resolves no host and knows no other resource. A positive request keeps
     * them ({@link #keepUnstatableRules}); a request breaking one is the server's to refuse with a 400.
     */
    static final Map<String, String> UNSTATABLE = new LinkedHashMap<>();

    static {
        UNSTATABLE.put("start_date <= end_date <= today (UTC), at most 1096 days",
                "compares two members and today's date");
        UNSTATABLE.put("property_ids x days <= 1000000 property-days", "a product of two members");
        UNSTATABLE.put("compression none for output_format parquet; csv_formula_escaping only for csv",
                "one member's values depend on another's (if/then is not in OpenAPI 3.0)");
        UNSTATABLE.put("fields are columns of the report_type's data dictionary",
                "the allowed names depend on another member");
        UNSTATABLE.put("iceberg_table needs destination_id, output_format parquet, one whole calendar month and the"
                + " report's key columns in fields; a schedule with it runs monthly over previous_period",
                "depends on other members and on the calendar (IcebergSyncApiTest states each rule)");
        UNSTATABLE.put("callback_url resolves to a public address", "a host's addresses are a runtime fact");
        UNSTATABLE.put("destination_id names one of the account's destinations", "another resource");
        UNSTATABLE.put("cadence is daily, weekly, monthly or a 5-field cron expression running at most once a day",
                "a grammar and its meaning, not a pattern");
        UNSTATABLE.put("time_zone is an IANA zone id of the JVM's database", "the zone list changes with the JVM");
        UNSTATABLE.put("backfill: from <= to, at least one whole period of the schedule's cadence, at most 36",
                "compares two members and another resource");
        UNSTATABLE.put("a schedule's change keeps its options coherent (fields of its report_type, compression"
                + " of its output_format)", "compares with the stored schedule");
        UNSTATABLE.put("a key's expires_at is in the future", "knows no 'now'");
        UNSTATABLE.put("a destination is added only once a test object was written to its bucket with its"
                + " credentials, at most 5 checks a minute (then 429)", "a runtime probe of the customer's store");
        UNSTATABLE.put("a destination's prefix has no empty, '.' or '..' segment", "not stated as a pattern");
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private final Map<String, Counts> counts = new TreeMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private final Map<String, List<String>> ids = new LinkedHashMap<>();
    private String key;
    /** The customer's S3 store that destinations are added against (a destination is added only once written to). */
    private CustomerBucket customer;

    @Test
    void every_operation_accepts_what_the_document_allows_and_refuses_what_it_forbids_naming_the_member()
            throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.printf("Document fuzz: seed %d (replay with -Dfuzz.seed=%d)%n", seed, seed);
        Random random = new Random(seed);
        OpenAPI document = document();
        customer = CustomerBucket.start(Files.createTempDirectory("fuzz-customer-bucket"));
        try {
            fuzz(document, random, seed);
        } finally {
            customer.close();
        }
    }

    private void fuzz(OpenAPI document, Random random, long seed) throws Exception {
        createResources();
        long started = System.nanoTime();
        List<Op> operations = new ArrayList<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.add(new Op(method, path, operation))));
        // Deletes and cancels last, so that the other operations meet the resources alive.
        operations.sort(Comparator.comparing((Op op) -> op.method() == PathItem.HttpMethod.DELETE));
        for (Op op : operations) {
            long opStarted = System.nanoTime();
            negatives(op, random);
            for (int i = 0; i < POSITIVES; i++) {
                positive(op, random);
            }
            counts.get(op.id()).millis = (System.nanoTime() - opStarted) / 1_000_000;
        }
        System.out.printf("Document fuzz: %d operations in %d ms; rules the document cannot state, kept by the"
                + " generator:%n", operations.size(), (System.nanoTime() - started) / 1_000_000);
        UNSTATABLE.forEach((rule, why) -> System.out.printf("  %s (%s)%n", rule, why));
        counts.forEach((operation, count) -> System.out.printf("  %-22s %s%n", operation, count));
        assertThat(counts).hasSize(operations.size());
        assertThat(mismatches).as("mismatches between docs/openapi.yaml and the service (seed " + seed + ")")
                .isEmpty();
    }

    private static OpenAPI document() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        return new OpenAPIV3Parser().readContents(Files.readString(OpenApiValidation.CONTRACT), null, options)
                .getOpenAPI();
    }

    /** Real resources for the path ids: jobs and schedules of a fresh account, and an account and keys of its own. */
    private void createResources() throws Exception {
        key = TestAccounts.create(1_000_000_000, null, TestAccounts.ALL_PERMISSIONS, 1_000_000);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        for (int i = 0; i < 3; i++) {
            ids.computeIfAbsent("job_id", k -> new ArrayList<>()).add(given().auth().oauth2(key)
                    .contentType(ContentType.JSON).body("{\"report_type\":\"property\",\"output_format\":\"csv\","
                            + "\"start_date\":\"" + yesterday + "\",\"end_date\":\"" + yesterday
                            + "\",\"property_ids\":[1]}")
                    .post("/api/v1/bulk_api/jobs").then().statusCode(201).extract().path("job_id"));
            ids.computeIfAbsent("schedule_id", k -> new ArrayList<>()).add(given().auth().oauth2(key)
                    .contentType(ContentType.JSON).body("{\"name\":\"fuzz\",\"report_type\":\"units\","
                            + "\"output_format\":\"csv\",\"property_ids\":[1],\"cadence\":\"daily\","
                            + "\"time_zone\":\"UTC\",\"window\":\"previous_period\"}")
                    .post("/api/v1/bulk_api/schedules").then().statusCode(201).extract().path("schedule_id"));
        }
        String account = admin().contentType(ContentType.JSON)
                .body("{\"name\":\"fuzz-" + UUID.randomUUID() + "\"}").post("/admin/v1/accounts")
                .then().statusCode(201).extract().path("account_id");
        ids.put("account_id", List.of(account));
        for (int i = 0; i < 3; i++) {
            ids.computeIfAbsent("key_id", k -> new ArrayList<>()).add(admin().contentType(ContentType.JSON)
                    .body("{}").post("/admin/v1/accounts/" + account + "/keys")
                    .then().statusCode(201).extract().path("key_id"));
        }
        String destination = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("type", "s3", "name", "fuzz", "bucket", CustomerBucket.BUCKET, "region", "us-east-1",
                        "endpoint", customer.endpoint(), "access_key_id", CustomerBucket.ACCESS_KEY,
                        "secret_access_key", CustomerBucket.SECRET_KEY))
                .post("/api/v1/bulk_api/destinations").then().statusCode(201).extract().path("destination_id");
        ids.put("destination_id", List.of(destination));
    }

    private RequestSpecification admin() {
        return given().baseUri("http://" + management.getHost() + ":" + management.getPort())
                .auth().oauth2(ADMIN_TOKEN);
    }

    // ---- positives ----

    private void positive(Op op, Random random) {
        Map<String, Object> path = new LinkedHashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Parameter parameter : op.parameters()) {
            Object value;
            if (parameter.getIn().equals("path")) {
                List<String> real = ids.get(parameter.getName());
                value = real != null && random.nextInt(4) != 0 ? real.get(random.nextInt(real.size()))
                        : nonEmpty(generate(parameter.getSchema(), random));
            } else if (Boolean.TRUE.equals(parameter.getRequired()) || random.nextBoolean()) {
                value = generate(parameter.getSchema(), random);
            } else {
                continue;
            }
            (parameter.getIn().equals("path") ? path : parameter.getIn().equals("query") ? query : headers)
                    .put(parameter.getName(), value);
        }
        Object body = ABSENT;
        Schema<?> bodySchema = op.bodySchema();
        if (bodySchema != null && (op.bodyRequired() || random.nextInt(4) != 0)) {
            body = generate(bodySchema, random);
            if (body instanceof Map<?, ?> members) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) members;
                keepUnstatableRules(op, map, random);
            }
        }
        Sent sent = send(op, path, query, headers, body);
        Counts count = counts.computeIfAbsent(op.id(), k -> new Counts());
        count.positives++;
        count.add(sent.status);
        if (sent.contractError != null) {
            mismatch(op, "positive: the answer is not the document's", sent, sent.contractError);
        } else if (sent.status >= 500) {
            mismatch(op, "positive: a server error", sent, null);
        } else if (sent.status == 400) {
            mismatch(op, "positive: a request the document allows is refused (the document is looser)", sent, null);
        }
    }

    /** Keeps the rules of {@link #UNSTATABLE} in a generated body. */
    private void keepUnstatableRules(Op op, Map<String, Object> body, Random random) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (body.get("start_date") instanceof String && body.get("end_date") instanceof String) {
            int count = body.get("property_ids") instanceof List<?> list ? new java.util.HashSet<>(list).size() : 1;
            int span = Math.max(1, Math.min(1096, 1_000_000 / Math.max(1, count)));
            LocalDate start = today.minusDays(random.nextInt(3000));
            long end = Math.min(today.toEpochDay(), start.toEpochDay() + random.nextInt(span));
            body.put("start_date", start.toString());
            body.put("end_date", LocalDate.ofEpochDay(end).toString());
        }
        if (op.id().equals("updateSchedule")) {
            // A change is checked with the schedule's other members: keep the options coherent whatever they are.
            if (body.containsKey("report_type") || body.containsKey("fields")) {
                body.putIfAbsent("report_type", "units");
                body.putIfAbsent("fields", null);
            }
            if (body.containsKey("output_format") || body.containsKey("compression")
                    || body.containsKey("csv_formula_escaping")) {
                body.putIfAbsent("output_format", "csv");
                body.putIfAbsent("compression", null);
                body.putIfAbsent("csv_formula_escaping", null);
            }
        }
        if (body.get("iceberg_table") != null) {
            body.put("iceberg_table", null);
        }
        if ("parquet".equals(body.get("output_format")) && body.get("compression") != null) {
            body.put("compression", "none");
        }
        if (Boolean.TRUE.equals(body.get("csv_formula_escaping")) && !"csv".equals(body.get("output_format"))) {
            body.put("csv_formula_escaping", false);
        }
        if (body.get("fields") instanceof List<?> fields) {
            Object type = body.get("report_type");
            List<String> columns = new ArrayList<>(Reports.forType(ReportType.valueOf(
                    (type instanceof String name ? name : "property").toUpperCase()))
                    .columns().stream().map(ReportColumn::name).toList());
            java.util.Collections.shuffle(columns, random);
            body.put("fields", columns.subList(0, Math.max(1, Math.min(fields.size(), columns.size()))));
        }
        if (body.get("callback_url") instanceof String) {
            body.put("callback_url", "https://93.184.216.34/hooks/" + random.nextInt(1000));
        }
        if (body.get("destination_id") != null && !op.path().contains("destinations")) {
            body.put("destination_id", ids.get("destination_id").get(0));
        }
        if (body.get("cadence") instanceof String) {
            body.put("cadence", pick(random, "daily", "weekly", "monthly", "30 2 * * 1-5", "15 6 1,15 * *"));
        }
        if (body.get("time_zone") instanceof String) {
            body.put("time_zone", pick(random, "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"));
        }
        if (body.get("from") instanceof String && body.get("to") instanceof String) {
            // One whole month: a whole period of any cadence above, and fewer periods than a backfill may ask.
            LocalDate from = today.withDayOfMonth(1).minusMonths(2 + random.nextInt(12));
            body.put("from", from.toString());
            body.put("to", from.plusMonths(1).minusDays(1).toString());
        }
        if (body.get("expires_at") instanceof String) {
            body.put("expires_at", Instant.now().plus(1 + random.nextInt(1000), ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (op.id().equals("createDestination")) {
            body.put("bucket", CustomerBucket.BUCKET);
            body.put("endpoint", customer.endpoint());
            body.put("access_key_id", CustomerBucket.ACCESS_KEY);
            body.put("secret_access_key", CustomerBucket.SECRET_KEY);
            if (body.get("prefix") instanceof String prefix) {
                // S3Proxy keeps each key segment as a file name, at most 255 bytes on its file system (S3 itself
                // takes a 1024-byte key in one segment): a long prefix goes as segments of 100 characters, within
                // the document's 512 with their slashes.
                String kept = prefix.replaceAll("[^A-Za-z0-9-]", "") + "p";
                body.put("prefix", String.join("/", kept.substring(0, Math.min(kept.length(), 400))
                        .split("(?<=\\G.{100})")));
            }
        }
    }

    // ---- negatives ----

    private void negatives(Op op, Random random) {
        Map<String, Object> path = new LinkedHashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Parameter parameter : op.parameters()) {
            if (parameter.getIn().equals("path")) {
                List<String> real = ids.get(parameter.getName());
                path.put(parameter.getName(), real.get(0));
            }
        }
        Object validBody = ABSENT;
        if (op.bodySchema() != null) {
            validBody = generate(op.bodySchema(), random);
            if (validBody instanceof Map<?, ?> members) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) members;
                // A valid base: every member given, so that each case breaks exactly one rule of one member.
                op.bodySchema().getProperties().forEach((name, schema) -> map.computeIfAbsent(name,
                        k -> generate(schema, random)));
                keepUnstatableRules(op, map, random);
            }
        }
        for (Parameter parameter : op.parameters()) {
            Map<String, Object> target = parameter.getIn().equals("path") ? path
                    : parameter.getIn().equals("query") ? query : headers;
            for (Case bad : violations(parameter.getSchema(), parameter.getName(), null, random)) {
                // A parameter's value is text: a string one has no wrong type, and none can be null.
                if (bad.value == null || bad.value == ABSENT || bad.value instanceof Map || bad.value instanceof List
                        || bad.rule.equals("not of type string")) {
                    continue;
                }
                Map<String, Object> changed = new LinkedHashMap<>(target);
                changed.put(parameter.getName(), bad.value);
                negative(op, bad, target == path ? changed : path, target == query ? changed : query,
                        target == headers ? changed : headers, validBody);
            }
        }
        if (op.bodySchema() != null) {
            if (op.bodyRequired()) {
                // A message may name the body or the first member it misses.
                negative(op, new Case("body", "a required body is missing", ABSENT,
                        op.bodySchema().getRequired() == null ? List.of() : op.bodySchema().getRequired()),
                        path, query, headers, ABSENT);
            }
            for (Case bad : violations(op.bodySchema(), "body", validBody, random)) {
                negative(op, bad, path, query, headers, bad.value);
            }
        }
    }

    private void negative(Op op, Case bad, Map<String, Object> path, Map<String, Object> query,
            Map<String, Object> headers, Object body) {
        Sent sent = send(op, path, query, headers, body);
        Counts count = counts.computeIfAbsent(op.id(), k -> new Counts());
        count.negatives++;
        count.add(sent.status);
        String what = "negative (" + bad.name + ": " + bad.rule + ")";
        if (sent.status >= 500) {
            mismatch(op, what + ": a server error", sent, null);
        } else if (sent.status < 400) {
            mismatch(op, what + ": accepted (the server is looser than the document)", sent, sent.contractError);
        } else if (sent.contractError != null) {
            mismatch(op, what + ": the answer is not the document's", sent, sent.contractError);
        } else if (!(sent.status == 404 && path.containsValue(bad.value)) && !names(sent, bad.name)
                && bad.also.stream().noneMatch(name -> names(sent, name))) {
            mismatch(op, what + ": the answer is no problem body naming " + bad.name, sent, null);
        }
    }

    private static boolean names(Sent sent, String name) {
        if (sent.contentType == null || !sent.contentType.startsWith("application/problem+json")) {
            return false;
        }
        try {
            Object message = JSON.readValue(sent.body, Map.class).get("message");
            return message instanceof String text && (text.contains(name)
                    || name.equals("body") && text.toLowerCase().contains("body"));
        } catch (Exception e) {
            return false;
        }
    }

    /** Values of a schema that each break exactly one of its rules; {@code valid} is a valid value to alter. */
    private List<Case> violations(Schema<?> schema, String name, Object valid, Random random) {
        List<Case> cases = new ArrayList<>();
        if (schema.getOneOf() != null) {
            cases.add(new Case(name, "of no type of its oneOf", 5));
            for (Schema<?> alternative : schema.getOneOf()) {
                violations(alternative, name, generate(alternative, random), random).stream()
                        .filter(bad -> !bad.rule.startsWith("not of type") && !bad.rule.startsWith("null"))
                        .forEach(cases::add);
            }
            if (!Boolean.TRUE.equals(schema.getNullable())) {
                cases.add(new Case(name, "null though not nullable", null));
            }
            return cases;
        }
        String type = schema.getType();
        if (!Boolean.TRUE.equals(schema.getNullable()) && !name.equals("body")) {
            cases.add(new Case(name, "null though not nullable", null));
        }
        Object wrongType = switch (String.valueOf(type)) {
            case "string" -> 12345;
            case "integer", "number" -> "x1";
            case "boolean" -> "yes";
            case "array" -> "x";
            case "object" -> 5;
            default -> null;
        };
        if (wrongType != null) {
            cases.add(new Case(name, "not of type " + type, wrongType));
        }
        if ("integer".equals(type)) {
            cases.add(new Case(name, "not an integer", 1.5));
        }
        if (schema.getEnum() != null) {
            cases.add(new Case(name, "out of the enum", "no_such_" + name));
        }
        if (schema.getMinimum() != null) {
            cases.add(new Case(name, "below the minimum", schema.getMinimum().subtract(BigDecimal.ONE)));
        }
        if (schema.getMaximum() != null) {
            cases.add(new Case(name, "above the maximum", schema.getMaximum().add(BigDecimal.ONE)));
        }
        if (schema.getMinLength() != null && schema.getMinLength() > 0) {
            cases.add(new Case(name, "shorter than minLength", "x".repeat(schema.getMinLength() - 1)));
        }
        if (schema.getMaxLength() != null) {
            cases.add(new Case(name, "longer than maxLength", "x".repeat(schema.getMaxLength() + 1)));
        }
        if (schema.getPattern() != null) {
            int min = schema.getMinLength() == null ? 0 : schema.getMinLength();
            int max = schema.getMaxLength() == null ? Integer.MAX_VALUE : schema.getMaxLength();
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(schema.getPattern());
            java.util.stream.Stream.of("   ", "A_B", "-ab-", "ab..cd", "a!b", "ab/cd")
                    .filter(text -> text.length() >= min && text.length() <= max)
                    .filter(text -> !pattern.matcher(text).find()).findFirst()
                    .ifPresent(text -> cases.add(new Case(name, "not matching the pattern", text)));
        }
        if (schema.getFormat() != null && "string".equals(type)) {
            switch (schema.getFormat()) {
                case "date" -> cases.add(new Case(name, "not a date", "2024-02-30"));
                case "date-time" -> cases.add(new Case(name, "not a date-time", "2024-13-01T00:00:00Z"));
                case "uuid" -> cases.add(new Case(name, "not a uuid", "not-a-uuid"));
                default -> {
                }
            }
        }
        if ("array".equals(type)) {
            Schema<?> items = schema.getItems();
            if (schema.getMinItems() != null && schema.getMinItems() > 0) {
                cases.add(new Case(name, "fewer items than minItems", items(items, schema.getMinItems() - 1, random)));
            }
            if (schema.getMaxItems() != null) {
                cases.add(new Case(name, "more items than maxItems", items(items, schema.getMaxItems() + 1, random)));
            }
            for (Case item : violations(items, name, null, random)) {
                List<Object> list = new ArrayList<>(items(items, 1, random));
                list.add(item.value);
                cases.add(new Case(name, "an item " + item.rule, list));
            }
        }
        if ("object".equals(type) && valid instanceof Map<?, ?> members) {
            Map<String, Object> base = new LinkedHashMap<>();
            members.forEach((member, value) -> base.put((String) member, value));
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            // Inside a member (a schedule's window), a message may name the member instead of its own member.
            List<String> outer = name.equals("body") ? List.of() : List.of(name);
            for (String member : required) {
                Map<String, Object> without = new LinkedHashMap<>(base);
                without.remove(member);
                cases.add(new Case(member, "a required member is missing", without, outer));
            }
            if (Boolean.FALSE.equals(schema.getAdditionalProperties())) {
                Map<String, Object> with = new LinkedHashMap<>(base);
                with.put(UNKNOWN_MEMBER, 1);
                cases.add(new Case(UNKNOWN_MEMBER, "an unknown member of a closed object", with, outer));
            }
            if (schema.getProperties() != null) {
                schema.getProperties().forEach((member, memberSchema) -> {
                    for (Case bad : violations(memberSchema, member, base.get(member) != null ? base.get(member)
                            : generate(memberSchema, random), random)) {
                        Map<String, Object> changed = new LinkedHashMap<>(base);
                        changed.put(member, bad.value);
                        cases.add(new Case(bad.name, bad.rule, changed, outer.isEmpty() ? bad.also : outer));
                    }
                });
            }
        }
        return cases;
    }

    private List<Object> items(Schema<?> items, int count, Random random) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(generate(items, random));
        }
        return list;
    }

    // ---- generation from a schema ----

    private Object generate(Schema<?> schema, Random random) {
        if (schema.getOneOf() != null) {
            return generate(schema.getOneOf().get(random.nextInt(schema.getOneOf().size())), random);
        }
        if (Boolean.TRUE.equals(schema.getNullable()) && random.nextInt(8) == 0) {
            return null;
        }
        if (schema.getEnum() != null) {
            List<?> values = schema.getEnum().stream().filter(Objects::nonNull).toList();
            return values.get(random.nextInt(values.size()));
        }
        String type = schema.getType() == null ? "object" : schema.getType();
        return switch (type) {
            case "string" -> string(schema, random);
            case "integer" -> integer(schema, random);
            case "number" -> random.nextDouble() * 1000;
            case "boolean" -> random.nextBoolean();
            case "array" -> {
                int min = schema.getMinItems() == null ? 0 : schema.getMinItems();
                int max = schema.getMaxItems() == null ? min + 5 : schema.getMaxItems();
                // The largest arrays (the admin API's 100000 ids) only up to 5000 items, to keep the run short.
                int count = random.nextInt(10) == 0 ? Math.min(max, Math.max(min, 5000))
                        : min + random.nextInt(Math.min(max, min + 5) - min + 1);
                yield items(schema.getItems(), count, random);
            }
            default -> {
                Map<String, Object> members = new LinkedHashMap<>();
                List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                if (schema.getProperties() != null) {
                    schema.getProperties().forEach((name, member) -> {
                        if (required.contains(name) || random.nextBoolean()) {
                            members.put(name, generate(member, random));
                        }
                    });
                }
                yield members;
            }
        };
    }

    private static Object integer(Schema<?> schema, Random random) {
        boolean int32 = "int32".equals(schema.getFormat());
        long min = schema.getMinimum() != null ? schema.getMinimum().longValue()
                : int32 ? Integer.MIN_VALUE : -1_000_000_000_000L;
        long max = schema.getMaximum() != null ? schema.getMaximum().longValue()
                : int32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
        return switch (random.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + Math.floorMod(random.nextLong(), Math.min(max - min, 1_000_000L) + 1);
        };
    }

    private static String string(Schema<?> schema, Random random) {
        if (schema.getFormat() != null) {
            switch (schema.getFormat()) {
                case "date" -> {
                    return LocalDate.of(2000, 1, 1).plusDays(random.nextInt(10_000)).toString();
                }
                case "date-time" -> {
                    return Instant.now().plus(random.nextInt(10_000), ChronoUnit.HOURS)
                            .truncatedTo(ChronoUnit.SECONDS).toString();
                }
                case "uuid" -> {
                    return UUID.randomUUID().toString();
                }
                case "uri" -> {
                    return "https://example.com/" + random.nextInt(1000);
                }
                default -> {
                }
            }
        }
        // A pattern: random strings until one matches (no regex generator here), else the document's example.
        for (int attempt = 0; attempt < 50; attempt++) {
            String text = randomText(schema, random);
            if (schema.getPattern() == null
                    || java.util.regex.Pattern.compile(schema.getPattern()).matcher(text).find()) {
                return text;
            }
        }
        return String.valueOf(schema.getExample());
    }

    private static String randomText(Schema<?> schema, Random random) {
        int min = schema.getMinLength() == null ? 0 : schema.getMinLength();
        int max = schema.getMaxLength() == null ? min + 12 : schema.getMaxLength();
        int length = random.nextInt(6) == 0 ? (random.nextBoolean() ? min : max)
                : min + random.nextInt(Math.min(max, min + 12) - min + 1);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static Object nonEmpty(Object value) {
        return value instanceof String text && text.isBlank() ? "x" : value;
    }

    // ---- sending ----

    private Sent send(Op op, Map<String, Object> path, Map<String, Object> query, Map<String, Object> headers,
            Object body) {
        RequestSpecification request = op.admin() ? admin() : given().auth().oauth2(key);
        request.redirects().follow(false);
        String uri = op.path();
        for (var entry : path.entrySet()) {
            uri = uri.replace("{" + entry.getKey() + "}",
                    java.net.URLEncoder.encode(String.valueOf(entry.getValue()), java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20"));
        }
        request.urlEncodingEnabled(false);
        StringBuilder queryString = new StringBuilder();
        query.forEach((name, value) -> queryString.append(queryString.isEmpty() ? "?" : "&").append(name).append('=')
                .append(java.net.URLEncoder.encode(String.valueOf(value), java.nio.charset.StandardCharsets.UTF_8)));
        headers.forEach((name, value) -> request.header(name, String.valueOf(value)));
        String json = null;
        if (body != ABSENT) {
            try {
                json = JSON.writeValueAsString(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            request.contentType(ContentType.JSON).body(json);
        }
        String described = op.method() + " " + uri + queryString + (headers.isEmpty() ? "" : " " + headers)
                + (json == null ? "" : " " + abbreviate(json));
        try {
            Response response = request.request(op.method().name(), uri + queryString);
            return new Sent(described, response.statusCode(), response.contentType(), response.asString(), null);
        } catch (AssertionError contract) {
            // The contract filter's verdict; the status is in its message.
            String message = contract.getMessage();
            int status = message != null && message.matches("(?s).* answered \\d{3} .*")
                    ? Integer.parseInt(message.replaceFirst("(?s).* answered (\\d{3}) .*", "$1")) : 0;
            return new Sent(described, status, null, "", message);
        }
    }

    private void mismatch(Op op, String what, Sent sent, String detail) {
        mismatches.add(op.id() + " " + what + "\n    request: " + sent.request + "\n    answer: " + sent.status + " "
                + abbreviate(sent.body) + (detail == null ? "" : "\n    contract: " + detail.substring(0,
                        Math.min(detail.length(), 3000))));
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…(" + text.length() + " chars)" : text;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private record Op(PathItem.HttpMethod method, String path, Operation operation) {
        String id() {
            return operation.getOperationId();
        }

        boolean admin() {
            return path.startsWith("/admin/");
        }

        List<Parameter> parameters() {
            return operation.getParameters() == null ? List.of() : operation.getParameters();
        }

        Schema<?> bodySchema() {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
                return null;
            }
            var media = operation.getRequestBody().getContent().get("application/json");
            return media == null ? null : media.getSchema();
        }

        boolean bodyRequired() {
            return operation.getRequestBody() != null && Boolean.TRUE.equals(operation.getRequestBody().getRequired());
        }
    }

    /** One broken rule: the member it breaks, and the enclosing member a message may name instead. */
    private record Case(String name, String rule, Object value, List<String> also) {
        Case(String name, String rule, Object value) {
            this(name, rule, value, List.of());
        }
    }

    private record Sent(String request, int status, String contentType, String body, String contractError) {
    }

    private static final class Counts {
        int positives;
        int negatives;
        long millis;
        final Map<Integer, Integer> statuses = new TreeMap<>();

        void add(int status) {
            statuses.merge(status, 1, Integer::sum);
        }

        @Override
        public String toString() {
            return String.format("%4d requests: %3d positives, %3d negatives, %5d ms; statuses %s",
                    positives + negatives, positives, negatives, millis, statuses);
        }
    }
}
