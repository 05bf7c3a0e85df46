package dev.bulkexport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.ProjectLayout;
import dev.bulkexport.testsupport.WebhookReceiver;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every record the services produce is a binary-mode CloudEvent that the CloudEvents Java SDK's Kafka binding
 * reads as JSON data (the {@code content-type} header), and its data is valid against its event's schema: the
 * one docs/asyncapi.yaml names for the public topic, the one in docs/events for the internal topics.
 */
@ExtendWith(SharedStack.Extension.class)
class EventRecordsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = ProjectLayout.root().resolve("docs");
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static ExportStack stack;
    private static String apiKey;
    private static WebhookReceiver webhooks;

    @BeforeAll
    static void anAccountAndAWebhookReceiver(SharedStack system) throws Exception {
        stack = system.stack();
        apiKey = system.newAccountKey("event-records");
        webhooks = WebhookReceiver.start(0, received -> { });
    }

    @AfterAll
    static void stopTheWebhookReceiver() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @Test
    void every_record_of_a_job_reads_as_a_json_cloudevent_whose_data_matches_its_schema() throws Exception {
        String callback = webhooks.url("/hooks/" + UUID.randomUUID());
        String jobId = given().baseUri(stack.apiBaseUrl()).auth().oauth2(apiKey).contentType(ContentType.JSON)
                .body("""
                        {"report_type":"property","output_format":"csv","start_date":"2024-01-01",
                         "end_date":"2024-01-03","property_ids":[2],"callback_url":"%s"}""".formatted(callback))
                .when().post("/api/v1/bulk_api/jobs")
                .then().statusCode(201).extract().path("job_id");
        String callbackPath = URI.create(callback).getPath();
        await().atMost(Duration.ofSeconds(90)).until(() -> webhooks.received().stream()
                .filter(r -> r.path().equals(callbackPath)).count() == 1);
        // A redelivery: the api's request to the notifier, and a second attempt.
        given().baseUri(stack.apiBaseUrl()).auth().oauth2(apiKey)
                .when().post("/api/v1/bulk_api/jobs/" + jobId + "/webhook/redeliver")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> recordsOf(jobId, Topics.WEBHOOK_ATTEMPTS).size() >= 2);

        String accountTopic = Topics.accountJobStatus(JSON.readTree(recordsOf(jobId, Topics.JOB_STATUS).get(0).value())
                .path("account_id").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> recordsOf(jobId, accountTopic).size() >= 2);
        Map<String, List<String>> typesByTopic = Map.of(
                accountTopic, List.of("AccountJobStatusChanged"),
                Topics.SHARD_SUBMITTED, List.of("ShardSubmitted"),
                Topics.WORKER_UPDATES, List.of("JobStarted", "JobCompleted"),
                Topics.JOB_STATUS, List.of("JobStatusChanged"),
                Topics.WEBHOOK_REDELIVERY_REQUESTED, List.of("WebhookRedeliveryRequested"),
                Topics.WEBHOOK_ATTEMPTS, List.of("WebhookAttempted"));
        CloudEventDeserializer cloudEvents = new CloudEventDeserializer();
        for (Map.Entry<String, List<String>> topic : typesByTopic.entrySet()) {
            List<String> types = new ArrayList<>();
            for (ConsumerRecord<String, String> record : recordsOf(jobId, topic.getKey())) {
                CloudEvent event = cloudEvents.deserialize(record.topic(), record.headers(),
                        record.value().getBytes(StandardCharsets.UTF_8));
                String type = event.getType().substring("dev.bulkexport.".length());
                types.add(type);
                assertThat(event.getDataContentType()).as(topic.getKey()).isEqualTo("application/json");
                assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
                JsonNode data = JSON.readTree(event.getData().toBytes());
                assertThat(data.path("type").asText()).isEqualTo(type);
                assertThat(event.getId()).isEqualTo(data.path("event_id").asText());
                List<Error> errors = schemaOf(topic.getKey(), type).validate(data.toString(), InputFormat.JSON);
                assertThat(errors).as(type + " " + data).isEmpty();
            }
            assertThat(types).as(topic.getKey()).containsAll(topic.getValue());
        }
    }

    /** The records of the job on the topic: those whose data names it (the key may be another aggregate's). */
    private static List<ConsumerRecord<String, String>> recordsOf(String jobId, String topic) throws Exception {
        List<ConsumerRecord<String, String>> mine = new ArrayList<>();
        for (ConsumerRecord<String, String> record : KafkaRecords.readAll(stack.kafka().adminConfig(), topic)) {
            if (jobId.equals(JSON.readTree(record.value()).path("job_id").asText())) {
                mine.add(record);
            }
        }
        return mine;
    }

    /** The account topics' schemas are the AsyncAPI document's; the internal topics' are those of docs/events. */
    private static Schema schemaOf(String topic, String type) throws Exception {
        Path file = DOCS.resolve("events/" + type + ".schema.json");
        if (topic.startsWith(Topics.ACCOUNT_PREFIX)) {
            JsonNode asyncApi = new ObjectMapper(new YAMLFactory()).readTree(DOCS.resolve("asyncapi.yaml").toFile());
            String ref = asyncApi.path("components").path("messages").path(type).path("payload").path("schema")
                    .path("$ref").asText();
            assertThat(ref).as("docs/asyncapi.yaml describes " + type).isNotEmpty();
            file = DOCS.resolve(ref);
        }
        return SCHEMAS.getSchema(Files.readString(file), InputFormat.JSON);
    }
}
