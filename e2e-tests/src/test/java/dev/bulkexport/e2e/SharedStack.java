package dev.bulkexport.e2e;

import dev.bulkexport.testsupport.AdminApi;
import dev.bulkexport.testsupport.CustomerBucket;
import dev.bulkexport.testsupport.ExportStack;
import dev.bulkexport.testsupport.KafkaBroker;
import dev.bulkexport.testsupport.KafkaUsers;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one system every end-to-end class runs against (PostgreSQL with the demo data, Kafka, S3Proxy and the three
 * packaged services as processes): started by the first class that asks for it, in a {@code @BeforeAll} parameter
 * through {@link Extension}, and stopped when the test run ends. A customer's bucket (a second S3Proxy) starts with
 * the first class that asks for it. Tests isolate by account: each makes its own ({@link #newAccountKey}), so it
 * sees only its own jobs, schedules and destinations, and looks at files and log lines by its own job ids.
 *
 * <p>One configuration serves every class:
 * <ul>
 * <li>a job reads at most 5,000 rows a second, so how long a job runs is its size: units of all 25 properties
 * over two years (about 90,000 rows) run some 18 s or more, long enough to watch and cancel; a shard of 5
 * properties' units over 13 months (about 10,000 rows) some 2 s; the report checks' jobs a second or less;</li>
 * <li>a job fans out over 2,000,000 estimated rows into shards of 600,000: units of all 25 properties from March
 * 2021 to January 2024 (2.67 million by the estimate; the data starts in 2023) are 5 shards of 5 properties; the
 * largest job of one file the tests ask for, units of 25 properties over two years, estimates 1.83 million;</li>
 * <li>an account runs at most 2 shards (a job of one shard is one) at once, a worker 4 exports (several classes
 * run side by side), and a worker told to stop finishes its running exports within 15 s;</li>
 * <li>one 5 MiB part per upload, so that a file that would need more parts is split (the S3 part count guard,
 * scaled down);</li>
 * <li>due schedules and queued backfill runs are looked for every 2 s instead of 15 s; a job whose storage fails
 * transiently is retried for 20 s;</li>
 * <li>Kafka authenticates every client and authorizes it by ACLs: each service signs in as its own user with the
 * ACLs of deploy/base/kafka-users.yaml, as deployed (on the containers stack Kafka runs without authentication).</li>
 * </ul>
 */
final class SharedStack implements AutoCloseable {
    /** What the workers read: pace, exports at once, drain, parts of an upload, retries. */
    private static final Map<String, String> WORKER_ENV = Map.of("EXPORT_MAX_ROWS_PER_SECOND", "5000",
            "EXPORT_CONCURRENCY", "4", "EXPORT_DRAIN_TIMEOUT", "15s", "EXPORT_RETRY_BUDGET", "20s",
            "EXPORT_PART_SIZE_MIB", "5", "EXPORT_MAX_PART_SIZE_MIB", "5", "EXPORT_MAX_PARTS_PER_FILE", "1");
    /** What the api-service reads: fan-out, shards at once per account, schedules, the dead-letter gauge. */
    private static final Map<String, String> API_ENV = Map.of("SHARD_FAN_OUT_ROWS", "2000000",
            "SHARD_ROWS", "600000", "MAX_RUNNING_SHARDS_PER_ACCOUNT", "2", "SCHEDULE_CHECK_INTERVAL", "2s",
            "DEAD_LETTERS_CHECK_INTERVAL", "2s");

    /**
     * A job of one file that runs some 18 s or more at the stack's pace: units of all 25 properties over two years,
     * about 90,000 rows; compressed, so that its file stays within one upload part.
     */
    static final String LONG_JOB = """
            {"report_type":"units","output_format":"csv","compression":"gzip","start_date":"2023-01-01",
             "end_date":"2024-12-31",
             "property_ids":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]}""";

    private final ExportStack stack;
    private final Path state;
    /** The key the api-service registers at start for the account named "demo" (BOOTSTRAP_API_KEY). */
    private final String demoKey;
    private CustomerBucket customer;
    private S3Client s3;

    private SharedStack(ExportStack stack, Path state, String demoKey) {
        this.stack = stack;
        this.state = state;
        this.demoKey = demoKey;
    }

    private static SharedStack start() {
        try {
            Path state = Files.createTempDirectory("bulk-export-e2e");
            String demoKey = "pbe_e2e_" + UUID.randomUUID().toString().replace("-", "");
            Map<String, String> env = new HashMap<>(WORKER_ENV);
            env.putAll(API_ENV);
            ExportStack stack = ExportStack.start(new ExportStack.Settings(state, ExportStack.Ports.free(), demoKey,
                    true, env, ExportStack.QUICK_START_JVM, true), line -> System.out.println("[e2e] " + line));
            RestAssured.baseURI = stack.apiBaseUrl();
            return new SharedStack(stack, state, demoKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ExportStack stack() {
        return stack;
    }

    /** A key of a new account of its own, named after {@code purpose}. */
    String newAccountKey(String purpose) throws IOException, InterruptedException {
        return stack.createAccountKey("{\"name\":\"" + purpose + "-" + UUID.randomUUID() + "\"}");
    }

    /** A new account of its own, named after {@code purpose}, with a key. */
    AdminApi.Account newAccount(String purpose) throws IOException, InterruptedException {
        return stack.createAccount("{\"name\":\"" + purpose + "-" + UUID.randomUUID() + "\"}");
    }

    /**
     * Issues the Kafka credential of an account's subscriber as an operator does (deploy/subscribers), on the
     * stack's broker as Strimzi would apply it: the account's topic, and its user with the ACLs the manifest
     * declares. Returns the client settings of that user.
     */
    Map<String, String> subscriberCredential(String accountId) throws IOException, InterruptedException {
        String yaml = SubscriberCredential.render(accountId);
        KafkaBroker kafka = stack.kafka();
        KafkaUsers.topicsIn(yaml).forEach(kafka::createTopic);
        KafkaUsers.declaredIn(yaml).forEach(kafka::addUser);
        return kafka.clientSecurity("account-" + accountId);
    }

    /** The bootstrap key of the account named "demo": one class's, the seed walk's. */
    String demoKey() {
        return demoKey;
    }

    /** The customer's own bucket: a second S3Proxy on loopback, with credentials of its own. */
    synchronized CustomerBucket customerBucket() {
        if (customer == null) {
            customer = CustomerBucket.start(state.resolve("customer-s3"));
        }
        return customer;
    }

    /** A client of the stack's own bucket, to look at it behind the services' backs. */
    synchronized S3Client s3() {
        if (s3 == null) {
            s3 = StackS3.client(stack);
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
        }
        if (customer != null) {
            customer.close();
        }
        stack.closeAndDeleteData();
    }

    /**
     * Resolves a {@code SharedStack} parameter (of a {@code @BeforeAll} method): the stack of this test run, kept in
     * the root context's store, which closes it at the end of the run. A stack that failed to start fails every
     * class that asks for it with the same error, without starting again.
     */
    static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(SharedStack.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SharedStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .computeIfAbsent(Started.class, key -> Started.attempt(), Started.class).stack();
        }
    }

    /** The outcome of starting the stack, kept once: the stack, or why it did not start. */
    private record Started(SharedStack running, RuntimeException failure) implements AutoCloseable {
        static Started attempt() {
            try {
                return new Started(SharedStack.start(), null);
            } catch (RuntimeException e) {
                return new Started(null, e);
            }
        }

        SharedStack stack() {
            if (failure != null) {
                throw new IllegalStateException("the shared end-to-end stack did not start", failure);
            }
            return running;
        }

        @Override
        public void close() {
            if (running != null) {
                running.close();
            }
        }
    }
}
