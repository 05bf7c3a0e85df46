package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.AdminApi;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An account's subscriber credential, issued as the operator does (deploy/subscribers/subscriber-credential.sh),
 * reads that account's job outcomes on its own topic, without callback URLs or bucket coordinates, and is
 * refused everything of another account.
 */
@ExtendWith(SharedStack.Extension.class)
class AccountEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ExportStack stack;
    private static AdminApi.Account accountA;
    private static AdminApi.Account accountB;
    private static Map<String, String> credentialA;
    private static WebhookReceiver webhooks;

    @BeforeAll
    static void twoAccountsAndACredentialForTheFirst(SharedStack system) throws Exception {
        stack = system.stack();
        assumeTrue(stack.kafka().authenticated(), "the broker of this stack does not authenticate (containers stack)");
        accountA = system.newAccount("subscriber-a");
        accountB = system.newAccount("subscriber-b");
        credentialA = system.subscriberCredential(accountA.accountId());
        system.subscriberCredential(accountB.accountId());
        webhooks = WebhookReceiver.start(0, received -> { });
    }

    @AfterAll
    static void stopTheReceiver() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @Test
    void an_accounts_credential_reads_its_job_outcomes_without_callback_url_or_destination_details() throws Exception {
        String callback = webhooks.url("/hooks/" + accountA.accountId());
        String job = create(accountA, callback);
        String other = create(accountB, webhooks.url("/hooks/" + accountB.accountId()));

        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(credentialA, "account." + accountA.accountId() + ".it")) {
            consumer.subscribe(List.of(Topics.accountJobStatus(accountA.accountId())));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().anyMatch(r -> job.equals(r.key()) && r.value().contains("\"succeeded\""));
            });
        }
        assertThat(seen).extracting(ConsumerRecord::key).contains(job).doesNotContain(other);
        for (ConsumerRecord<String, String> record : seen) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.path("type").asText()).isEqualTo("AccountJobStatusChanged");
            assertThat(event.path("account_id").asText()).isEqualTo(accountA.accountId());
            assertThat(record.value()).doesNotContain(callback, webhooks.url("/"), "callback_url", "endpoint", "bucket");
        }
    }

    @Test
    void an_accounts_credential_may_not_read_another_accounts_topic() {
        try (KafkaConsumer<String, String> consumer = consumer(credentialA, "account." + accountA.accountId() + ".peek")) {
            consumer.subscribe(List.of(Topics.accountJobStatus(accountB.accountId())));
            assertThatThrownBy(() -> pollFor(consumer)).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(credentialA, "account." + accountA.accountId() + ".all")) {
            consumer.subscribe(List.of(Topics.JOB_STATUS));
            assertThatThrownBy(() -> pollFor(consumer)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void an_accounts_credential_may_not_use_another_accounts_consumer_group() {
        try (KafkaConsumer<String, String> consumer = consumer(credentialA, "account." + accountB.accountId() + ".it")) {
            consumer.subscribe(List.of(Topics.accountJobStatus(accountA.accountId())));
            assertThatThrownBy(() -> pollFor(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /** Polls for up to 30 s: an authorization error ends it early. */
    private static void pollFor(KafkaConsumer<String, String> consumer) {
        for (int i = 0; i < 60; i++) {
            consumer.poll(Duration.ofMillis(500));
        }
    }

    private static KafkaConsumer<String, String> consumer(Map<String, String> credential, String group) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", stack.kafka().bootstrapServers(),
                "group.id", group, "auto.offset.reset", "earliest"));
        config.putAll(credential);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static String create(AdminApi.Account account, String callback) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.apiBaseUrl() + "/api/v1/bulk_api/jobs"))
                .header("Authorization", "Bearer " + account.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"report_type\":\"property\",\"output_format\":\"csv\","
                        + "\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\",\"property_ids\":[3],"
                        + "\"callback_url\":\"" + callback + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("job_id").asText();
    }
}
