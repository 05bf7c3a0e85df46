package dev.bulkexport.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkexport.common.JobStatus;
import dev.bulkexport.common.OutputFormat;
import dev.bulkexport.common.ReportType;
import dev.bulkexport.common.Topics;
import dev.bulkexport.common.WebhookStatus;
import dev.bulkexport.common.events.EventCodec;
import dev.bulkexport.common.events.JobSnapshot;
import dev.bulkexport.testsupport.WorkRecords;
import dev.bulkexport.common.events.JobStatusChanged;
import dev.bulkexport.common.events.WebhookAttempted;
import dev.bulkexport.common.events.WebhookRedeliveryRequested;
import dev.bulkexport.common.secrets.SecretCipher;
import dev.bulkexport.common.secrets.WebhookSecrets;
import dev.bulkexport.notifier.client.WebhookSender;
import dev.bulkexport.notifier.config.NotifierConfig;
import dev.bulkexport.messaging.OutboxRelay;
import dev.bulkexport.notifier.repository.DeliveryRepository;
import dev.bulkexport.testsupport.KafkaRecords;
import dev.bulkexport.testsupport.StandardWebhooksVerifier;
import dev.bulkexport.testsupport.WebhookReceiver.Received;
import dev.bulkexport.testsupport.WebhookReceiver.Reply;
import dev.bulkexport.testsupport.WebhookReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier against a real PostgreSQL, a real Kafka broker and a real HTTP receiver on loopback, with the
 * test profile's compressed schedule: attempts 1 s apart, 4 attempts in all.
 */
@QuarkusTest
class WebhookDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @Inject
    DeliveryRepository deliveries;
    @Inject
    WebhookSender sender;
    @Inject
    OutboxRelay relay;
    @Inject
    NotifierConfig config;
    @Inject
    SigningSecrets signingSecrets;

    private final UUID account = UUID.randomUUID();
    private final String secret = newSecret();
    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @BeforeEach
    void giveTheAccountASigningSecret() throws Exception {
        // Stands in for the api-service's published view (its V3 migration), which this test does not run; the
        // secrets in it sealed for their account with the test profile's key, as the api-service stores them.
        sql("CREATE SCHEMA IF NOT EXISTS api");
        sql("CREATE TABLE IF NOT EXISTS api.webhook_signing_keys (account_id uuid PRIMARY KEY, secret text,"
                + " previous_secret text)");
        sql("INSERT INTO api.webhook_signing_keys VALUES ('" + account + "', '" + sealed(secret, account) + "', null)");
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void during_a_rotation_overlap_a_delivery_verifies_under_the_new_and_the_previous_secret() throws Exception {
        String previous = newSecret();
        sql("UPDATE api.webhook_signing_keys SET previous_secret = '" + sealed(previous, account)
                + "' WHERE account_id = '" + account + "'");
        WebhookReceiver receiver = receiver(request -> Reply.status(200));
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.FAILED, receiver.url("/hooks/rotation")));

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        Received request = receiver.received().get(0);
        assertThat(request.headers().get("webhook-signature").split(" ")).hasSize(2);
        assertThat(StandardWebhooksVerifier.verify(secret, request.headers(), request.body())).isTrue();
        assertThat(StandardWebhooksVerifier.verify(previous, request.headers(), request.body())).isTrue();
        assertThat(StandardWebhooksVerifier.verify(newSecret(), request.headers(), request.body())).isFalse();
    }

    @Test
    void a_secret_sealed_for_another_account_signs_nothing_and_the_attempt_fails_without_a_request()
            throws Exception {
        // Copied from another account's row: it does not open for this account, so nothing is signed with it.
        sql("UPDATE api.webhook_signing_keys SET secret = '" + sealed(secret, UUID.randomUUID())
                + "' WHERE account_id = '" + account + "'");
        WebhookReceiver receiver = receiver(request -> Reply.status(200));
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/copied")));

        await().atMost(WAIT).untilAsserted(() -> assertThat(attemptEvents(job)).first().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.deliveryStatus()).isEqualTo(WebhookStatus.PENDING);
            assertThat(a.responseStatus()).isNull();
            assertThat(a.error()).contains("signing secret cannot be opened");
        }));
        assertThat(receiver.received()).as("no request, signed or not").isEmpty();

        // Once the account's own sealed secret is back, the next attempt is sent and verifies under it.
        sql("UPDATE api.webhook_signing_keys SET secret = '" + sealed(secret, account) + "' WHERE account_id = '"
                + account + "'");
        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        assertThat(receiver.received()).singleElement().satisfies(request -> assertThat(
                StandardWebhooksVerifier.verify(secret, request.headers(), request.body())).isTrue());
    }

    @Test
    void an_outcome_is_delivered_once_signed_with_the_account_secret_even_when_its_event_is_redelivered()
            throws Exception {
        WebhookReceiver receiver = receiver(request -> Reply.status(200));
        UUID job = UUID.randomUUID();
        JobStatusChanged succeeded = outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/a"));

        publish(outcome(job, JobStatus.SUBMITTED, receiver.url("/hooks/a")));
        publish(succeeded);
        publish(succeeded);

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> receiver.received().size() == 1);
        Received request = receiver.received().get(0);
        assertThat(request.headers().get("webhook-id")).isEqualTo("msg_" + job + "_succeeded");
        assertThat(Long.parseLong(request.headers().get("webhook-timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
        assertThat(request.headers().get("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThat(StandardWebhooksVerifier.verify(secret, request.headers(), request.body())).isTrue();
        assertThat(StandardWebhooksVerifier.verify(newSecret(), request.headers(), request.body())).isFalse();
        assertThat(StandardWebhooksVerifier.verify(secret, request.headers(), request.body() + " ")).isFalse();

        JsonPath body = JsonPath.from(request.body());
        assertThat(body.getString("type")).isEqualTo("bulk_job.succeeded");
        assertThat(body.getString("timestamp")).isEqualTo(succeeded.occurredAt().toString());
        assertThat(body.getString("data.job_id")).isEqualTo(job.toString());
        assertThat(body.getString("data.status")).isEqualTo("succeeded");
        assertThat(body.getString("data.results_url")).endsWith("/api/v1/bulk_api/jobs/" + job + "/results")
                .doesNotContain("X-Amz");
        assertThat(request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(20 * 1024);

        await().atMost(WAIT).untilAsserted(() -> assertThat(attemptEvents(job)).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.deliveryStatus()).isEqualTo(WebhookStatus.DELIVERED);
            assertThat(a.responseStatus()).isEqualTo(200);
            assertThat(a.webhookId()).isEqualTo("msg_" + job + "_succeeded");
        }));
    }

    @Test
    void a_failing_receiver_is_retried_on_the_schedule_until_it_recovers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver receiver = receiver(request -> Reply.status(calls.incrementAndGet() <= 2 ? 500 : 204));
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.FAILED, receiver.url("/hooks/b")));

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        List<Received> requests = receiver.received();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.headers().get("webhook-id")).containsOnly("msg_" + job + "_failed");
        assertThat(requests).allSatisfy(r ->
                assertThat(StandardWebhooksVerifier.verify(secret, r.headers(), r.body())).isTrue());
        assertThat(JsonPath.from(requests.get(0).body()).getString("type")).isEqualTo("bulk_job.failed");
        List<Instant> times = attemptTimes(job);
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(Duration.between(times.get(1), times.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        await().atMost(WAIT).untilAsserted(() -> assertThat(attemptEvents(job))
                .extracting(WebhookAttempted::attempt, WebhookAttempted::deliveryStatus, WebhookAttempted::responseStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, WebhookStatus.PENDING, 500),
                        org.assertj.core.groups.Tuple.tuple(2, WebhookStatus.PENDING, 500),
                        org.assertj.core.groups.Tuple.tuple(3, WebhookStatus.DELIVERED, 204)));
    }

    @Test
    void a_receiver_that_never_recovers_gets_four_attempts_and_the_delivery_fails() throws Exception {
        WebhookReceiver receiver = receiver(request -> Reply.status(500));
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.CANCELLED, receiver.url("/hooks/c")));

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("failed"));
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> receiver.received().size() == 4);
        assertThat(query("SELECT last_error FROM notifier.deliveries WHERE job_id = '" + job + "'"))
                .contains("gave up after 4 attempts");
    }

    @Test
    void a_410_stops_retrying_at_once() throws Exception {
        WebhookReceiver receiver = receiver(request -> Reply.status(410));
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/gone")));

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("failed"));
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> receiver.received().size() == 1);
        assertThat(query("SELECT last_error FROM notifier.deliveries WHERE job_id = '" + job + "'")).contains("410");
    }

    @Test
    void retry_after_of_a_503_is_honoured_over_the_shorter_schedule() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver receiver = receiver(request -> calls.incrementAndGet() == 1
                ? new Reply(503, Map.of("Retry-After", "3")) : Reply.status(200));
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/busy")));

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        List<Instant> times = attemptTimes(job);
        assertThat(times).hasSize(2);
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void a_redirect_is_not_followed_and_counts_as_a_failed_attempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver[] holder = new WebhookReceiver[1];
        WebhookReceiver receiver = receiver(request -> request.path().equals("/hooks/moved")
                && calls.incrementAndGet() == 1
                ? new Reply(302, Map.of("Location", holder[0].url("/hooks/elsewhere"))) : Reply.status(200));
        holder[0] = receiver;
        UUID job = UUID.randomUUID();

        publish(outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/moved")));

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        assertThat(receiver.received()).extracting(Received::path).containsExactly("/hooks/moved", "/hooks/moved");
        assertThat(query("SELECT response_status || ' ' || error FROM notifier.attempts WHERE job_id = '" + job
                + "' AND attempt = 1")).isEqualTo("302 HTTP 302 (redirects are not followed)");
    }

    @Test
    void callback_urls_refused_by_the_ssrf_guard_at_delivery_are_failed_attempts_naming_the_rule() throws Exception {
        // 127.0.0.1 is allowlisted in the test profile; every other form of a forbidden address is not.
        Map<String, String> forbidden = Map.of(
                "http://localhost:9/hook", "public internet addresses only",
                "http://2130706433:9/hook", "loopback",
                "http://0x7f000001:9/hook", "loopback",
                "http://[::ffff:127.0.0.1]:9/hook", "loopback",
                "http://10.0.0.1/hook", "private",
                "http://[fd00::1]/hook", "private",
                "http://169.254.169.254/latest/meta-data/", "link-local",
                "http://224.0.0.1/hook", "multicast",
                "http://0.0.0.0/hook", "unspecified");
        Map<UUID, String> jobs = new java.util.HashMap<>();
        for (Map.Entry<String, String> entry : forbidden.entrySet()) {
            UUID job = UUID.randomUUID();
            jobs.put(job, entry.getValue());
            publish(outcome(job, JobStatus.SUCCEEDED, entry.getKey()));
        }

        for (Map.Entry<UUID, String> entry : jobs.entrySet()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    query("SELECT error FROM notifier.attempts WHERE job_id = '" + entry.getKey() + "' AND attempt = 1"))
                    .contains("refused by the SSRF guard")
                    .contains(entry.getValue().contains(" ") ? entry.getValue()
                            : " " + entry.getValue() + " address, which is not allowed"));
        }
        // Refused on every attempt of the schedule, each delivery fails: none is left for a later test to see.
        for (UUID job : jobs.keySet()) {
            await().atMost(WAIT).until(() -> deliveryStatus(job).equals("failed"));
        }
    }

    /** Decided on the status line: the body is never read, and the connection is closed, not left trickling. */
    @Test
    void a_receiver_that_trickles_its_body_gets_one_attempt_and_its_connection_closed() throws Exception {
        try (SlowReceiver trickler = new SlowReceiver(SlowReceiver.Mode.TRICKLE_BODY, 0)) {
            UUID job = UUID.randomUUID();
            publish(outcome(job, JobStatus.SUCCEEDED, trickler.url("/hooks/trickle")));

            await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
            await().atMost(Duration.ofSeconds(10)).until(() -> trickler.closedByClient.get() == 1);
            assertThat(trickler.connections.get()).isEqualTo(1);
        }
    }

    /** A slow account takes at most per-account-concurrency slots; another account's webhook is not queued behind. */
    @Test
    void one_accounts_slow_receiver_takes_at_most_its_accounts_slots() throws Exception {
        try (SlowReceiver slow = new SlowReceiver(SlowReceiver.Mode.HOLD_THEN_OK, 1500)) {
            List<UUID> jobs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID job = UUID.randomUUID();
                jobs.add(job);
                publish(outcome(job, JobStatus.SUCCEEDED, slow.url("/hooks/slow")));
            }
            for (UUID job : jobs) {
                await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
            }
            assertThat(slow.mostOpen.get()).isBetween(1, config.perAccountConcurrency());
        }
    }

    @Test
    void a_delivery_left_by_a_stopped_notifier_resumes_with_its_next_attempt_number() throws Exception {
        WebhookReceiver receiver = receiver(request -> Reply.status(200));
        UUID job = UUID.randomUUID();
        String webhookId = "msg_" + job + "_succeeded";
        // What a notifier that made two failed attempts and then stopped leaves behind.
        sql("INSERT INTO notifier.deliveries (webhook_id, job_id, account_id, callback_url, payload, status,"
                + " attempts, round_attempts, next_attempt_at, last_attempt_at, last_response_status, created_at,"
                + " updated_at) VALUES ('" + webhookId + "', '" + job + "', '" + account + "', '"
                + receiver.url("/hooks/resume") + "', '{\"type\":\"bulk_job.succeeded\"}', 'pending', 2, 2,"
                + " now() + interval '1 second', now(), 500, now(), now())");

        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
        assertThat(receiver.received()).hasSize(1);
        assertThat(query("SELECT attempts FROM notifier.deliveries WHERE job_id = '" + job + "'")).isEqualTo("3");
        await().atMost(WAIT).untilAsserted(() -> assertThat(attemptEvents(job)).singleElement()
                .satisfies(a -> assertThat(a.attempt()).isEqualTo(3)));
    }

    @Test
    void a_requested_redelivery_sends_the_delivered_webhook_again_with_the_same_id_and_a_fresh_signature()
            throws Exception {
        WebhookReceiver receiver = receiver(request -> Reply.status(200));
        UUID job = UUID.randomUUID();
        publish(outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/again")));
        await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));

        KafkaRecords.send(Topics.WEBHOOK_REDELIVERY_REQUESTED, job.toString(), EventCodec.encode(
                WebhookRedeliveryRequested.of(job, account, "msg_" + job + "_succeeded")));

        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        assertThat(receiver.received()).extracting(r -> r.headers().get("webhook-id"))
                .containsOnly("msg_" + job + "_succeeded");
        assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
        assertThat(StandardWebhooksVerifier.verify(secret, receiver.received().get(1).headers(),
                receiver.received().get(1).body())).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(attemptEvents(job))
                .extracting(WebhookAttempted::attempt, WebhookAttempted::deliveryStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, WebhookStatus.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple(2, WebhookStatus.DELIVERED)));
    }

    @Test
    void several_dispatchers_on_one_database_send_each_attempt_exactly_once() throws Exception {
        Map<String, AtomicInteger> callsPerWebhook = new java.util.concurrent.ConcurrentHashMap<>();
        WebhookReceiver receiver = receiver(request -> callsPerWebhook
                .computeIfAbsent(request.headers().get("webhook-id"), id -> new AtomicInteger())
                .incrementAndGet() <= 2 ? Reply.status(500) : Reply.status(200));
        // Two more replicas beside the application's own scheduled one, all claiming as fast as they can.
        List<WebhookDispatcher> replicas = List.of(
                new WebhookDispatcher(deliveries, signingSecrets, sender, relay, config, new SimpleMeterRegistry()),
                new WebhookDispatcher(deliveries, signingSecrets, sender, relay, config, new SimpleMeterRegistry()));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> threads = replicas.stream().map(replica -> new Thread(() -> {
            while (running.get()) {
                replica.dispatchDue();
            }
        }, "replica")).toList();
        threads.forEach(Thread::start);
        List<UUID> jobs = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                UUID job = UUID.randomUUID();
                jobs.add(job);
                publish(outcome(job, JobStatus.SUCCEEDED, receiver.url("/hooks/replicas")));
            }
            for (UUID job : jobs) {
                await().atMost(WAIT).until(() -> deliveryStatus(job).equals("delivered"));
            }
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }

        assertThat(callsPerWebhook).hasSize(12);
        assertThat(callsPerWebhook.values()).allSatisfy(calls -> assertThat(calls.get()).isEqualTo(3));
        assertThat(receiver.received()).hasSize(36);
    }

    private WebhookReceiver receiver(Function<Received, Reply> responder) {
        WebhookReceiver receiver = WebhookReceiver.respond(0, responder);
        receivers.add(receiver);
        return receiver;
    }

    private JobStatusChanged outcome(UUID job, JobStatus status, String callbackUrl) {
        Instant now = Instant.now();
        JobSnapshot snapshot = new JobSnapshot(job, WorkRecords.spec(ReportType.PROPERTY, OutputFormat.CSV,
                List.of(1L, 2L), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)), status, callbackUrl,
                status == JobStatus.FAILED ? "boom" : null, now, now, now, status.isTerminal() ? now : null, null,
                null, null, null);
        return JobStatusChanged.of(snapshot, account);
    }

    static void publish(JobStatusChanged event) throws Exception {
        KafkaRecords.send(Topics.JOB_STATUS, event.jobId().toString(), EventCodec.encode(event));
    }

    private String deliveryStatus(UUID job) throws Exception {
        String status = query("SELECT status FROM notifier.deliveries WHERE job_id = '" + job + "'");
        return status == null ? "" : status;
    }

    private List<Instant> attemptTimes(UUID job) throws Exception {
        List<Instant> times = new ArrayList<>();
        try (Connection connection = connect(); var rs = connection.createStatement().executeQuery(
                "SELECT attempted_at FROM notifier.attempts WHERE job_id = '" + job + "' ORDER BY attempt")) {
            while (rs.next()) {
                times.add(rs.getTimestamp(1).toInstant());
            }
        }
        return times;
    }

    static List<WebhookAttempted> attemptEvents(UUID job) {
        return KafkaRecords.readAll(Topics.WEBHOOK_ATTEMPTS).stream()
                .filter(r -> job.toString().equals(r.key()))
                .map(r -> (WebhookAttempted) EventCodec.decode(r.value()))
                .sorted(java.util.Comparator.comparingInt(WebhookAttempted::attempt))
                .toList();
    }

    private String query(String sql) throws Exception {
        try (Connection connection = connect(); var rs = connection.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void sql(String sql) throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().execute(sql);
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    /** The secret sealed for the account with the test profile's key, as the api-service stores it. */
    static String sealed(String secret, UUID account) {
        return SecretCipher.of(ConfigProvider.getConfig().getValue("notifier.secrets.destination-key", String.class),
                List.of()).encrypt(secret, WebhookSecrets.context(account));
    }

    static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
