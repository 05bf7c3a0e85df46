package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.common.Topics;
import dev.bulkexport.testsupport.AdminApi;
import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.ProjectLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients users run, as processes against the packaged services on real PostgreSQL, Kafka and S3Proxy:
 * the CLI ({@code bin/bulk-export}), the Python client's test suite and the Kafka subscriber example.
 */
@ExtendWith(SharedStack.Extension.class)
class ClientsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExportStack stack;
    private static String apiKey;
    @TempDir
    static Path work;
    private static CustomerBucket customer;

    private static String accountId;
    /** The Kafka client settings of the account's subscriber credential (deploy/subscribers). */
    private static Map<String, String> subscriber;

    @BeforeAll
    static void anAccount(SharedStack system) throws Exception {
        stack = system.stack();
        customer = system.customerBucket();
        AdminApi.Account account = system.newAccount("clients");
        apiKey = account.apiKey();
        accountId = account.accountId();
        subscriber = stack.kafka().authenticated() ? system.subscriberCredential(accountId) : Map.of();
    }

    @Test
    void the_cli_creates_a_job_waits_for_it_and_downloads_a_file_that_matches_its_sha256() throws Exception {
        Path file = work.resolve("walk.csv");
        ClientProcess cli = cli(stack.apiBaseUrl(), apiKey, "jobs", "create", "-r", "property", "-f", "csv",
                "--start", "2024-02-01", "--end", "2024-03-15", "-p", "5,1,8", "--wait", "--download",
                file.toString(), "--poll-seconds", "0.2");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        JsonNode job = JSON.readTree(cli.stdout());
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        assertThat(sha256(file)).isEqualTo(job.path("result").path("sha256").asText());
        assertThat(Files.readAllLines(file).get(0)).startsWith("property_id");
        assertThat(cli.stderr()).contains("created job " + job.path("job_id").asText())
                .contains("job " + job.path("job_id").asText() + " succeeded 100%")
                .contains("sha256 " + job.path("result").path("sha256").asText() + " verified");

        ClientProcess get = cli(stack.apiBaseUrl(), apiKey, "jobs", "get", job.path("job_id").asText());
        assertThat(get.exitCode()).isZero();
        assertThat(JSON.readTree(get.stdout()).path("result")).isEqualTo(job.path("result"));
        ClientProcess list = cli(stack.apiBaseUrl(), apiKey, "jobs", "list", "--per-page", "5");
        assertThat(list.exitCode()).isZero();
        assertThat(JSON.readTree(list.stdout()).path("jobs").findValuesAsText("job_id"))
                .contains(job.path("job_id").asText());
        ClientProcess impact = cli(stack.apiBaseUrl(), apiKey, "quota-impact", "-r", "units", "-f", "csv",
                "--start", "2024-02-01", "--end", "2024-02-02", "-p", "1,5,9");
        assertThat(impact.exitCode()).isZero();
        assertThat(JSON.readTree(impact.stdout()).path("requested_records").asInt()).isEqualTo(3);
        ClientProcess lookup = cli(stack.apiBaseUrl(), apiKey, "lookup", "--per-page", "2");
        assertThat(lookup.exitCode()).isZero();
        assertThat(JSON.readTree(lookup.stdout()).path("properties")).hasSize(2);
    }

    @Test
    void the_cli_sets_up_the_monthly_sync_into_the_customers_bucket_and_follows_its_backfilled_runs() throws Exception {
        ClientProcess added = cli(stack.apiBaseUrl(), apiKey, Map.of("BULK_EXPORT_SECRET_ACCESS_KEY",
                CustomerBucket.SECRET_KEY), "destinations", "add", "--name", "warehouse", "--bucket",
                CustomerBucket.BUCKET, "--prefix", "monthly", "--region", "us-east-1", "--endpoint", customer.endpoint(),
                "--access-key-id", CustomerBucket.ACCESS_KEY);
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        assertThat(added.stdout()).doesNotContain(CustomerBucket.SECRET_KEY);
        String destination = JSON.readTree(added.stdout()).path("destination_id").asText();
        ClientProcess listed = cli(stack.apiBaseUrl(), apiKey, "destinations", "list");
        assertThat(JSON.readTree(listed.stdout()).path("destinations").findValuesAsText("destination_id"))
                .contains(destination);

        ClientProcess created = cli(stack.apiBaseUrl(), apiKey, "schedules", "create", "--name", "monthly sync",
                "-r", "property", "-f", "csv", "-p", "2,4", "--cadence", "monthly", "--time-zone", "Europe/Berlin",
                "--window", "previous_period", "--destination-id", destination);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        JsonNode schedule = JSON.readTree(created.stdout());
        assertThat(schedule.path("destination_id").asText()).isEqualTo(destination);
        String id = schedule.path("schedule_id").asText();
        ClientProcess backfill = cli(stack.apiBaseUrl(), apiKey, "schedules", "backfill", id, "--from",
                "2024-01-01", "--to", "2024-02-29");
        assertThat(backfill.exitCode()).as(backfill.stderr()).isZero();
        assertThat(JSON.readTree(backfill.stdout()).path("runs").findValuesAsText("start_date"))
                .containsExactlyInAnyOrder("2024-01-01", "2024-02-01");

        List<String> jobs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode runs = JSON.readTree(cli(stack.apiBaseUrl(), apiKey, "schedules", "runs", id).stdout()).path("runs");
            assertThat(runs.findValuesAsText("status")).containsExactly("succeeded", "succeeded");
            jobs.clear();
            files.clear();
            for (JsonNode run : runs) {
                jobs.add(run.path("job_id").asText());
                files.add("monthly/" + run.path("job_id").asText() + "/property_" + run.path("start_date").asText()
                        + "_" + run.path("end_date").asText() + ".csv");
            }
        });
        assertThat(files).anyMatch(f -> f.endsWith("_2024-01-01_2024-01-31.csv"))
                .anyMatch(f -> f.endsWith("_2024-02-01_2024-02-29.csv"));
        assertThat(customer.keys()).containsAll(files);
        ClientProcess waited = cli(stack.apiBaseUrl(), apiKey, "jobs", "wait", jobs.get(0), "--download",
                work.resolve("nothing-here.csv").toString());
        assertThat(waited.exitCode()).as(waited.stderr()).isZero();
        assertThat(waited.stderr()).contains("wrote its files to its destination, s3://" + CustomerBucket.BUCKET
                + "/monthly/" + jobs.get(0) + "/");
        assertThat(work.resolve("nothing-here.csv")).doesNotExist();

        ClientProcess paused = cli(stack.apiBaseUrl(), apiKey, "schedules", "pause", id);
        assertThat(JSON.readTree(paused.stdout()).path("paused").asBoolean()).isTrue();
        assertThat(cli(stack.apiBaseUrl(), apiKey, "schedules", "delete", id).exitCode()).isZero();
        assertThat(cli(stack.apiBaseUrl(), apiKey, "schedules", "get", id).exitCode()).isEqualTo(1);
        assertThat(cli(stack.apiBaseUrl(), apiKey, "destinations", "delete", destination).exitCode()).isZero();
        assertThat(Files.readString(stack.serviceLog(ExportStack.API))).doesNotContain(CustomerBucket.SECRET_KEY);
    }

    @Test
    void the_cli_resumes_a_download_whose_connection_is_cut_mid_file_and_verifies_it() throws Exception {
        Path file = work.resolve("resumed.csv");
        try (CuttingProxy proxy = new CuttingProxy(stack.apiBaseUrl())) {
            ClientProcess cli = cli(proxy.url(), apiKey, "jobs", "create", "-r", "units", "-f", "csv",
                    "--start", "2024-01-01", "--end", "2024-03-31", "-p", "1,2", "--download", file.toString(),
                    "--poll-seconds", "0.2");

            assertThat(cli.exitCode()).as(cli.stderr()).isZero();
            JsonNode job = JSON.readTree(cli.stdout());
            long size = job.path("result").path("file_size_bytes").asLong();
            // The proxy sends half the file before it cuts; the client may see a little less of it (the close
            // can reach it as a reset that discards bytes not yet read), and resumes from what it kept.
            Matcher cut = Pattern.compile("interrupted at (\\d+) of " + size + " bytes").matcher(cli.stderr());
            assertThat(cut.find()).as(cli.stderr()).isTrue();
            long kept = Long.parseLong(cut.group(1));
            assertThat(kept).isPositive().isLessThanOrEqualTo(size / 2);
            assertThat(proxy.downloadRanges).containsExactly(null, "bytes=" + kept + "-");
            assertThat(Files.size(file)).isEqualTo(size);
            assertThat(sha256(file)).isEqualTo(job.path("result").path("sha256").asText());
        }
    }

    @Test
    void the_cli_exits_with_the_auth_code_for_a_bad_key_and_prints_the_apis_message() throws Exception {
        ClientProcess cli = cli(stack.apiBaseUrl(), "pbe_not_a_key", "jobs", "list");

        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.stderr()).contains("HTTP 401 Unauthorized: Missing or invalid bearer token");
        assertThat(cli.stdout()).isEmpty();
    }

    @Test
    void the_cli_prints_the_400_message_naming_the_field_and_exits_with_the_usage_code() throws Exception {
        ClientProcess cli = cli(stack.apiBaseUrl(), apiKey, "jobs", "create", "-r", "property", "-f", "csv",
                "--start", "2024-03-10", "--end", "2024-03-01", "-p", "1", "--wait");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.stderr()).contains("HTTP 400 Bad Request: start_date must not be after end_date");
    }

    @Test
    void the_python_clients_test_suite_passes_against_the_stack() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("BULK_EXPORT_URL", stack.apiBaseUrl(),
                "BULK_EXPORT_API_KEY", apiKey, "PYTHONDONTWRITEBYTECODE", "1", "PATH", System.getenv("PATH")));
        env.putAll(Map.of("CUSTOMER_S3_ENDPOINT", customer.endpoint(), "CUSTOMER_S3_BUCKET", CustomerBucket.BUCKET,
                "CUSTOMER_S3_ACCESS_KEY", CustomerBucket.ACCESS_KEY, "CUSTOMER_S3_SECRET_KEY", CustomerBucket.SECRET_KEY));
        ClientProcess python = ClientProcess.run(work, env,
                List.of("python3", "-m", "unittest", "discover", "-v", "-s",
                        ProjectLayout.root().resolve("clients/python").toString()));

        assertThat(python.exitCode()).as(python.stderr()).isZero();
        Matcher ran = Pattern.compile("Ran (\\d+) tests").matcher(python.stderr());
        assertThat(ran.find()).as(python.stderr()).isTrue();
        System.out.println("[clients] the Python client's suite: " + ran.group(1) + " tests passed");
        assertThat(Integer.parseInt(ran.group(1))).isGreaterThanOrEqualTo(18);
        assertThat(python.stderr()).as("every test ran against the stack").doesNotContain("skipped");
    }

    @Test
    void the_kafka_subscriber_example_prints_every_outcome_of_a_batch_of_jobs_once() throws Exception {
        Path out = work.resolve("subscriber-" + UUID.randomUUID() + ".out");
        Process subscriber = subscriber(out);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("SUBSCRIBED"));
            List<String> jobs = new ArrayList<>();
            for (String format : List.of("csv", "jsonl", "parquet", "csv", "jsonl")) {
                jobs.add(create("{\"report_type\":\"floorplans\",\"output_format\":\"" + format + "\","
                        + "\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-10\",\"property_ids\":[9,10,11]}"));
            }
            api("DELETE", "/api/v1/bulk_api/jobs/" + jobs.get(4), null);
            Map<String, String> outcomes = new HashMap<>();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (String job : jobs) {
                    outcomes.put(job, JSON.readTree(api("GET", "/api/v1/bulk_api/jobs/" + job, null).body())
                            .path("status").asText());
                }
                assertThat(outcomes.values()).doesNotContain("submitted");
            });

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> printed = Files.readAllLines(out).stream().filter(line -> line.startsWith("OUTCOME "))
                        .map(line -> line.split(" ")[1] + " " + line.split(" ")[2]).toList();
                for (String job : jobs) {
                    assertThat(printed).as("outcome of " + job).containsOnlyOnce(job + " " + outcomes.get(job));
                }
            });
        } finally {
            subscriber.destroy();
            subscriber.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void status_records_carry_the_key_and_cloudevents_headers_that_docs_asyncapi_promises() throws Exception {
        String jobId = create("{\"report_type\":\"property\",\"output_format\":\"csv\",\"start_date\":"
                + "\"2024-01-01\",\"end_date\":\"2024-01-02\",\"property_ids\":[12]}");
        String asyncApi = Files.readString(ProjectLayout.root().resolve("docs/asyncapi.yaml"));
        Properties config = new Properties();
        config.put("bootstrap.servers", stack.kafka().bootstrapServers());
        config.put("group.id", "account." + accountId + ".headers-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.putAll(subscriber);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.accountJobStatus(accountId)));
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (jobId.equals(record.key())) {
                        mine.add(record);
                    }
                });
                return !mine.isEmpty();
            });
            ConsumerRecord<String, String> record = mine.get(0);
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.path("job_id").asText()).isEqualTo(jobId);
            assertThat(header(record, "ce_id")).isEqualTo(event.path("event_id").asText());
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_time")).isNotBlank();
            assertThat(header(record, "ce_subject")).isEqualTo(jobId);
            assertThat(asyncApi).contains("const: " + header(record, "ce_type"), "const: " + header(record, "ce_source"));
        }
    }

    private static Process subscriber(Path out) throws Exception {
        Path jar = ProjectLayout.root().resolve("examples/kafka-subscriber/target/kafka-subscriber.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "ACCOUNT_ID", accountId, "GROUP_ID", "account." + accountId + ".e2e-" + UUID.randomUUID()));
        if (!subscriber.isEmpty()) {
            builder.environment().putAll(Map.of("KAFKA_SASL_USERNAME", "account-" + accountId,
                    "KAFKA_SASL_PASSWORD", stack.kafka().password("account-" + accountId),
                    "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
        }
        return builder.start();
    }

    private static String create(String body) throws Exception {
        HttpResponse<String> created = api("POST", "/api/v1/bulk_api/jobs", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("job_id").asText();
    }

    private static HttpResponse<String> api(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.apiBaseUrl() + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Runs {@code bin/bulk-export} as a newcomer would, with the connection in the environment. */
    private static ClientProcess cli(String url, String key, String... args) throws Exception {
        return cli(url, key, Map.of(), args);
    }

    private static ClientProcess cli(String url, String key, Map<String, String> moreEnv, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.root().resolve("bin/bulk-export").toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(Map.of("BULK_EXPORT_URL", url, "BULK_EXPORT_API_KEY", key,
                "BULK_EXPORT_PROFILE_FILE", work.resolve("no-profiles").toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH")));
        env.putAll(moreEnv);
        return ClientProcess.run(work, env, command);
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
