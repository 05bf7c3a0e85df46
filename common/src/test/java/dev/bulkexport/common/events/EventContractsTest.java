package dev.bulkexport.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.bulkexport.common.Compression;
import dev.bulkexport.common.JobSpec;
import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.WebhookStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events are a public contract: docs/events holds, for every event type, its JSON Schema and a golden example.
 * This test fails when the code drifts from them; rerun it with -Devents.write=true to rewrite the files after
 * an intended, additive change. docs/events/published holds each schema as subscribers first saw it: no
 * property may go or change its type against those, whatever -Devents.write=true rewrote; that folder is only
 * ever added to, by hand, for a new event type.
 */
class EventContractsTest {
    private static final Path DOCS = Path.of("../docs/events");
    private static final Path PUBLISHED = DOCS.resolve("published");
    private static final ObjectMapper MAPPER = EventCodec.configure(new ObjectMapper())
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final UUID JOB = UUID.fromString("6f1c2a9e-3b7d-4c51-9e2a-0d8b4f7a1c35");
    private static final UUID ACCOUNT = UUID.fromString("0b7e4d2c-8a19-4f63-b5d0-2e9c7a1f6b48");
    private static final UUID EVENT = UUID.fromString("c3a8f0e1-5d27-4b96-8e4f-7a2d1c9b0e63");
    private static final UUID SCHEDULE = UUID.fromString("5d0e9b3a-7c41-4f28-a6e3-1b9c8d2f7a04");
    private static final UUID DESTINATION = UUID.fromString("9a4c7e21-0f3b-4d86-b1a5-6e2d8c0f9b17");
    private static final Instant AT = Instant.parse("2026-03-02T09:15:30.250Z");
    /** A destination as the workers get it: the secret access key sealed (SecretCipher), never in plain text. */
    private static final ExportDestination TO_CUSTOMER = new ExportDestination(DESTINATION, "acme-exports",
            "bulk/daily", "eu-central-1", "https://s3.eu-central-1.amazonaws.com", "AKIAEXAMPLE7Q2",
            "v2:2026-03:q3Jt0f3h1kS9bW2uY7xAzQeLmN4pR8vT1oC6dG0hJ5iK2lM=");
    private static final String WEBHOOK_ID = JobStatusChanged.webhookIdOf(JOB, JobStatus.SUCCEEDED);

    private static final Map<Class<? extends JobEvent>, JobEvent> GOLDEN = Map.ofEntries(
            // The closing record (every member set); a shard to build has its group of property_ids and no files.
            Map.entry(ShardSubmitted.class, new ShardSubmitted(EVENT, AT, 1, JOB, ACCOUNT, 0, 2, new JobSpec(
                    ReportType.UNITS, OutputFormat.CSV, List.of(101L, 202L), LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 12, 31), Compression.GZIP, List.of("property_id", "unit_id", "date"), 512,
                    DESTINATION, true, null), List.of(
                            new JobCompleted.File(1, "exports/" + ACCOUNT + "/" + JOB
                                    + "/units_2024-01-01_2024-12-31_shard-00001.csv.gz",
                                    "units_2024-01-01_2024-12-31_shard-00001.csv.gz", 125_000L, 3_112_004L,
                                    "4be1".repeat(16)),
                            new JobCompleted.File(2, "exports/" + ACCOUNT + "/" + JOB
                                    + "/units_2024-01-01_2024-12-31_shard-00002.csv.gz",
                                    "units_2024-01-01_2024-12-31_shard-00002.csv.gz", 98_000L, 2_440_310L,
                                    "77c0".repeat(16))), TO_CUSTOMER,
                    "v1,Ql0cS0ZcUgy8YVq2mVtU6bX0e2jq9kR3wP7nL1hA4dE=")),
            Map.entry(ShardCompleted.class, new ShardCompleted(EVENT, AT, 1, JOB, ACCOUNT, 2, JobStatus.SUCCEEDED, 125_000L, null,
                    List.of(new JobCompleted.File(1,
                            "exports/" + ACCOUNT + "/" + JOB + "/units_2024-01-01_2024-12-31_shard-00002.csv.gz",
                            "units_2024-01-01_2024-12-31_shard-00002.csv.gz", 125_000L, 3_112_004L, "4be1".repeat(16))))),
            Map.entry(JobCancelRequested.class, new JobCancelRequested(EVENT, AT, 1, JOB, ACCOUNT)),
            Map.entry(JobStarted.class, new JobStarted(EVENT, AT, 1, JOB, ACCOUNT, "12345@export-worker-7c9f")),
            Map.entry(JobProgressed.class, new JobProgressed(EVENT, AT, 1, JOB, ACCOUNT, 250_000, 1, 2, null)),
            Map.entry(JobCompleted.class, new JobCompleted(EVENT, AT, 1, JOB, ACCOUNT, JobStatus.SUCCEEDED, 511_000L,
                    48_213_377L, "9f2c".repeat(16), "exports/" + ACCOUNT + "/" + JOB + "/units_2024-01-01_2024-12-31.parquet",
                    "units_2024-01-01_2024-12-31.parquet", null, List.of(new JobCompleted.File(1,
                            "exports/" + ACCOUNT + "/" + JOB + "/units_2024-01-01_2024-12-31.parquet",
                            "units_2024-01-01_2024-12-31.parquet", 511_000L, 48_213_377L, "9f2c".repeat(16))), null)),
            Map.entry(JobStatusChanged.class, new JobStatusChanged(EVENT, AT, 1, JOB, ACCOUNT, JobStatus.SUCCEEDED, snapshot())),
            Map.entry(AccountJobStatusChanged.class, AccountJobStatusChanged.of(
                    new JobStatusChanged(EVENT, AT, 1, JOB, ACCOUNT, JobStatus.SUCCEEDED, snapshot()))),
            Map.entry(WebhookAttempted.class, new WebhookAttempted(EVENT, AT, 1, JOB, ACCOUNT, WEBHOOK_ID, 2, WebhookStatus.PENDING, 503,
                    "HTTP 503", AT.plusSeconds(300))),
            Map.entry(WebhookRedeliveryRequested.class, new WebhookRedeliveryRequested(EVENT, AT, 1, JOB, ACCOUNT, WEBHOOK_ID)),
            Map.entry(ScheduleChanged.class, new ScheduleChanged(EVENT, AT, 1, ACCOUNT, SCHEDULE, ScheduleChanged.CREATED,
                    "monthly warehouse sync", "monthly", "Europe/Berlin", false, Instant.parse("2026-03-31T22:00:00Z"),
                    null)));

    private static JobSnapshot snapshot() {
        return new JobSnapshot(JOB, new JobSpec(ReportType.UNITS, OutputFormat.PARQUET, List.of(101L, 202L),
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), Compression.NONE,
                List.of("property_id", "unit_id", "date", "asking_rent"), 1024, DESTINATION, null, null),
                JobStatus.SUCCEEDED,
                "https://example.com/hooks/exports", null, AT.minusSeconds(90), AT, AT.minusSeconds(60), AT,
                new JobSnapshot.Progress(511_000, 2, 2, 100),
                new JobSnapshot.Result(511_000, 48_213_377, "9f2c".repeat(16), "units_2024-01-01_2024-12-31.parquet", 1,
                        new JobSnapshot.ResultDestination(DESTINATION, "s3", "acme-exports", "bulk/daily/" + JOB + "/",
                                "eu-central-1", null, "bulk/daily/" + JOB + "/units_2024-01-01_2024-12-31.parquet"), null),
                new JobSnapshot.Webhook(WebhookStatus.PENDING, 0, null, null), SCHEDULE);
    }

    @Test
    void every_event_type_has_a_golden_example_that_reads_back_equal() throws IOException {
        for (Class<?> type : eventTypes()) {
            JobEvent golden = GOLDEN.get(type);
            assertThat(golden).as("a golden " + type.getSimpleName()).isNotNull();
            Path file = DOCS.resolve(type.getSimpleName() + ".example.json");
            write(file, MAPPER.writeValueAsString(golden));
            assertThat(MAPPER.readTree(file.toFile())).as(file + " is out of date: rerun with -Devents.write=true")
                    .isEqualTo(MAPPER.readTree(EventCodec.encode(golden)));
            assertThat(EventCodec.decode(Files.readString(file))).isEqualTo(golden);
        }
    }

    @Test
    void every_event_type_has_a_schema_its_example_conforms_to() throws IOException {
        for (Class<?> type : eventTypes()) {
            @SuppressWarnings("unchecked")
            JsonNode schema = EventSchemas.of((Class<? extends JobEvent>) type);
            Path file = DOCS.resolve(type.getSimpleName() + ".schema.json");
            write(file, MAPPER.writeValueAsString(schema));
            assertThat(MAPPER.readTree(file.toFile())).as(file + " is out of date: rerun with -Devents.write=true")
                    .isEqualTo(schema);
            JsonNode example = MAPPER.readTree(EventCodec.encode(GOLDEN.get(type)));
            for (JsonNode required : schema.get("required")) {
                assertThat(example.has(required.asText())).as(type.getSimpleName() + "." + required).isTrue();
            }
            conforms(type.getSimpleName(), example, schema);
        }
    }

    @Test
    void every_schema_only_adds_to_what_was_published() throws IOException {
        for (Class<?> type : eventTypes()) {
            Path published = PUBLISHED.resolve(type.getSimpleName() + ".schema.json");
            assertThat(published).as("a published schema of " + type.getSimpleName()).exists();
            @SuppressWarnings("unchecked")
            JsonNode current = EventSchemas.of((Class<? extends JobEvent>) type);
            JsonNode before = MAPPER.readTree(published.toFile());
            assertThat(MAPPER.convertValue(current.get("required"), List.class))
                    .as(type.getSimpleName() + ": required members").isEqualTo(MAPPER.convertValue(before.get("required"),
                            List.class));
            keepsEveryMember(type.getSimpleName(), before, current);
        }
    }

    /**
     * Every property of {@code before} is in {@code after} with the same JSON type, its enum values kept. The one
     * change allowed is that a member may become nullable: a list member the events always sent as null when
     * left out, which the first schemas did not say.
     */
    private static void keepsEveryMember(String path, JsonNode before, JsonNode after) {
        if (!java.util.Objects.equals(after.get("type"), before.get("type"))) {
            assertThat(after.get("type")).as(path + ": type")
                    .isEqualTo(JsonNodeFactory.instance.arrayNode().add(before.get("type").asText()).add("null"));
        }
        if (before.has("enum") && after.has("enum")) {
            assertThat(MAPPER.convertValue(after.get("enum"), List.class)).as(path + ": enum values")
                    .containsAll(MAPPER.convertValue(before.get("enum"), List.class));
        }
        if (before.has("properties")) {
            for (Iterator<String> names = before.get("properties").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertThat(after.path("properties").has(name)).as(path + "." + name + " was removed").isTrue();
                keepsEveryMember(path + "." + name, before.get("properties").get(name), after.get("properties").get(name));
            }
        }
        if (before.has("items")) {
            keepsEveryMember(path + "[]", before.get("items"), after.get("items"));
        }
    }

    /** Each member of the value is described by the schema, with a JSON type the schema allows. */
    private static void conforms(String path, JsonNode value, JsonNode schema) {
        JsonNode types = schema.get("type");
        if (types != null) {
            String actual = value.isNull() ? "null" : value.isIntegralNumber() ? "integer" : value.isTextual() ? "string"
                    : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
            List<String> allowed = types.isArray() ? List.of(MAPPER.convertValue(types, String[].class))
                    : List.of(types.asText());
            assertThat(allowed).as(path).contains(actual);
        }
        if (value.isObject() && schema.has("properties")) {
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertThat(schema.get("properties").has(name)).as(path + "." + name + " is in the schema").isTrue();
                conforms(path + "." + name, value.get(name), schema.get("properties").get(name));
            }
        }
        if (value.isArray() && schema.has("items")) {
            value.forEach(item -> conforms(path + "[]", item, schema.get("items")));
        }
    }

    private static List<Class<?>> eventTypes() {
        return Arrays.stream(JobEvent.class.getAnnotation(JsonSubTypes.class).value())
                .<Class<?>>map(JsonSubTypes.Type::value).toList();
    }

    private static void write(Path file, String json) throws IOException {
        if (Boolean.getBoolean("events.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json + "\n");
        }
    }
}
