package dev.bulkexport.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulkexport.common.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml describes what outsiders may read: it must name real topics, point at the event
 * schemas of docs/events, and promise the CloudEvents headers of DESIGN §4.
 */
class AsyncApiDocumentTest {
    private static final Path DOCS = Path.of("../docs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keywords draft-07 has, which the document's schemaFormat promises the schemas keep to. */
    private static final Set<String> DRAFT_07 = Set.of("$schema", "$id", "title", "type", "properties", "required",
            "additionalProperties", "items", "enum", "const", "format", "description");

    private static JsonNode document() throws IOException {
        return YAML.readTree(DOCS.resolve("asyncapi.yaml").toFile());
    }

    @Test
    void it_is_an_asyncapi_3_document_of_the_public_status_topic_only() throws IOException {
        JsonNode document = document();
        assertThat(document.path("asyncapi").asText()).startsWith("3.");
        List<String> addresses = new ArrayList<>();
        document.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(Topics.ALL).containsAll(addresses);
        assertThat(addresses).containsExactly(Topics.JOB_STATUS);
        document.path("channels").forEach(channel -> assertThat(channel.path("bindings").path("kafka")
                .path("topic").asText()).isEqualTo(channel.path("address").asText()));
    }

    @Test
    void every_message_payload_is_the_schema_of_its_event_in_docs_events() throws IOException {
        for (Map.Entry<String, JsonNode> message : entries(document().path("components").path("messages"))) {
            JsonNode payload = message.getValue().path("payload");
            assertThat(payload.path("schemaFormat").asText()).isEqualTo("application/schema+json;version=draft-07");
            Path schemaFile = DOCS.resolve(payload.path("schema").path("$ref").asText());
            JsonNode schema = JSON.readTree(schemaFile.toFile());
            assertThat(schema.path("title").asText()).isEqualTo(message.getKey())
                    .isEqualTo(message.getValue().path("name").asText());
            assertThat(keywords(schema, new HashSet<>())).isSubsetOf(DRAFT_07);

            JsonNode golden = JSON.readTree(DOCS.resolve("events/" + message.getKey() + ".example.json").toFile());
            for (JsonNode example : message.getValue().path("examples")) {
                for (Map.Entry<String, JsonNode> member : entries(example.path("payload"))) {
                    assertThat(member.getValue().asText()).as(member.getKey())
                            .isEqualTo(golden.path(member.getKey()).asText());
                }
                assertThat(example.path("headers").path("ce_id").asText()).isEqualTo(golden.path("event_id").asText());
            }
        }
    }

    @Test
    void every_message_promises_the_cloudevents_headers_a_json_content_type_and_the_job_id_as_key() throws IOException {
        for (Map.Entry<String, JsonNode> message : entries(document().path("components").path("messages"))) {
            JsonNode headers = message.getValue().path("headers");
            List<String> required = new ArrayList<>();
            headers.path("required").forEach(name -> required.add(name.asText()));
            assertThat(required).containsExactlyInAnyOrder("ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time",
                    "content-type");
            assertThat(headers.path("properties").path("content-type").path("const").asText())
                    .isEqualTo("application/json");
            for (JsonNode example : message.getValue().path("examples")) {
                assertThat(example.path("headers").path("content-type").asText()).isEqualTo("application/json");
            }
            assertThat(headers.path("properties").path("ce_type").path("const").asText())
                    .isEqualTo("dev.bulkexport." + message.getKey());
            assertThat(message.getValue().path("bindings").path("kafka").path("key").path("format").asText())
                    .isEqualTo("uuid");
        }
    }

    /** Every member name used where a schema keyword stands (property names themselves excluded). */
    private static Set<String> keywords(JsonNode schema, Set<String> found) {
        for (Map.Entry<String, JsonNode> member : entries(schema)) {
            found.add(member.getKey());
            if (member.getKey().equals("properties")) {
                member.getValue().forEach(property -> keywords(property, found));
            } else if (member.getKey().equals("items")) {
                keywords(member.getValue(), found);
            }
        }
        return found;
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
