package dev.bulkexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.bulkexport.common.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/subscribers/subscriber-credential.sh renders an account's KafkaTopic and KafkaUser: valid for their
 * kinds, the topic the notifier routes the account's events to, and ACLs on that account's prefixes only.
 * (AccountEventsIT applies the same output on an authenticating broker.)
 */
class SubscriberCredentialTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void an_accounts_credential_is_a_valid_topic_and_user_reading_that_accounts_prefixes_only() throws Exception {
        String account = UUID.randomUUID().toString();
        List<Map<String, Object>> docs = render(account);
        ObjectMapper json = new ObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        assertThat(docs).extracting(doc -> doc.get("kind")).containsExactly("KafkaTopic", "KafkaUser");
        for (Map<String, Object> doc : docs) {
            Path schema = ROOT.resolve("deploy/schemas").resolve(doc.get("kind") + ".schema.json");
            assertThat(factory.getSchema(schema.toUri()).validate(json.valueToTree(doc))).as(Manifests.name(doc))
                    .isEmpty();
        }
        assertThat(Manifests.map(docs.get(0).get("spec")).get("topicName"))
                .isEqualTo(Topics.accountJobStatus(account));
        Map<String, Object> user = docs.get(1);
        assertThat(Manifests.name(user)).isEqualTo("account-" + account);
        Map<String, Object> spec = Manifests.map(user.get("spec"));
        assertThat(Manifests.map(spec.get("authentication")).get("type")).isEqualTo("scram-sha-512");
        List<String> resources = new ArrayList<>();
        for (Object entry : Manifests.list(Manifests.map(spec.get("authorization")).get("acls"))) {
            Map<String, Object> resource = Manifests.map(Manifests.map(entry).get("resource"));
            assertThat(resource.get("patternType")).isEqualTo("prefix");
            resources.add(resource.get("type") + " " + resource.get("name"));
            assertThat(Manifests.list(Manifests.map(entry).get("operations"))).isSubsetOf("Read", "Describe");
        }
        assertThat(resources).containsExactly("topic " + Topics.ACCOUNT_PREFIX + account + ".",
                "group " + Topics.ACCOUNT_GROUP_PREFIX + account + ".");
    }

    @Test
    void the_command_refuses_what_is_not_an_account_id() throws Exception {
        Process process = start("export.account.");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(String account) throws Exception {
        Process process = start(account);
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml().loadAll(yaml).forEach(doc -> docs.add((Map<String, Object>) doc));
        return docs;
    }

    private static Process start(String account) throws IOException {
        return new ProcessBuilder("bash", ROOT.resolve("deploy/subscribers/subscriber-credential.sh").toString(),
                account).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
