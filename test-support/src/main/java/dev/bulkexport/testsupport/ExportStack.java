package dev.bulkexport.testsupport;

import dev.bulkexport.propertydata.DemoData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The whole system on loopback: PostgreSQL with the demo data, a Kafka broker, S3Proxy, and the three
 * packaged services as separate processes (more replicas on demand). Every part can be stopped, killed and
 * started again on its ports and state. Used by the end-to-end and fault tests, the benchmark and the local run.
 */
public final class ExportStack implements AutoCloseable {
    /** Local-only S3Proxy credentials: the stack's store is on loopback and holds demo data only. */
    public static final String S3_ACCESS_KEY = "local-access-key";
    public static final String S3_SECRET_KEY = "local-secret-key";
    public static final String BUCKET = "bulk-exports";
    public static final String API = "api-service";
    public static final String WORKER = "export-worker";
    public static final String NOTIFIER = "notifier-service";
    /** Seals destinations' secrets in the api and opens them in the workers: a key for loopback stacks only. */
    public static final String DESTINATION_KEY = "stack:c3RhY2stb25seS1kZXN0aW5hdGlvbi1rZXktMzJieSE=";
    /** Signs work records in the api and checks them in the workers: a key for loopback stacks only. */
    public static final String WORK_SIGNING_KEY = "stack-only-work-signing-key-0123456789";
    /**
     * JVM options for the services of a short-lived test stack: no C2 compiler and the serial collector, so that
     * a service starts in about half the CPU time (on 2 cores a Quarkus start is mostly JIT compilation), at some
     * cost to the throughput of long exports. Not for the benchmark or the local run.
     */
    public static final List<String> QUICK_START_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The stack's webhook receivers run on loopback, which the SSRF guard refuses unless allowlisted. */
    static final String LOOPBACK_CALLBACKS = "127.0.0.1,localhost";
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    /** Where {@link #freePort} draws: above the ports of the local run, below the kernel's ephemeral range. */
    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = firstEphemeralPort() - 1;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** Ports of every part of the stack. */
    public record Ports(int api, int apiManagement, int worker, int notifier, int postgres, int kafka,
            int kafkaController, int s3) {
        /** The documented ports of the local run. */
        public static Ports localRun() {
            return new Ports(8080, 9080, 8081, 8082, 15432, 19092, 19093, 19000);
        }

        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                    freePort());
        }
    }

    /**
     * How to run the stack: where its state lives, which ports, the demo key, where Kafka runs, extra
     * environment variables for every service, extra options of every service's JVM, and whether Kafka
     * authenticates its clients and authorizes them by ACLs ({@code kafkaAuthenticated}: the broker in this JVM
     * only; each service signs in as its own user with the ACLs of deploy/base/kafka-users.yaml).
     */
    public record Settings(Path stateDir, Ports ports, String bootstrapApiKey, boolean kafkaInJvm,
            Map<String, String> serviceEnv, List<String> serviceJvmOptions, boolean kafkaAuthenticated) {

        public Settings(Path stateDir, Ports ports, String bootstrapApiKey, boolean kafkaInJvm,
                Map<String, String> serviceEnv, List<String> serviceJvmOptions) {
            this(stateDir, ports, bootstrapApiKey, kafkaInJvm, serviceEnv, serviceJvmOptions, false);
        }

        public Settings(Path stateDir, Ports ports, String bootstrapApiKey, boolean kafkaInJvm,
                Map<String, String> serviceEnv) {
            this(stateDir, ports, bootstrapApiKey, kafkaInJvm, serviceEnv, List.of());
        }

        public Settings(Path stateDir, Ports ports, String bootstrapApiKey, boolean kafkaInJvm) {
            this(stateDir, ports, bootstrapApiKey, kafkaInJvm, Map.of());
        }
    }

    /** One service process: its module, environment, ports, and the process now running (null when stopped). */
    private static final class Service {
        final String name;
        final String module;
        final Map<String, String> env;
        final int httpPort;
        final int healthPort;
        JavaProcess process;

        Service(String name, String module, Map<String, String> env, int httpPort, int healthPort) {
            this.name = name;
            this.module = module;
            this.env = env;
            this.httpPort = httpPort;
            this.healthPort = healthPort;
        }
    }

    private final Settings settings;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, String> commonEnv = new HashMap<>();
    /** Bearer token of the admin API, new for every start of the stack. */
    private final String adminToken = java.util.UUID.randomUUID().toString();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private S3Store s3;

    private ExportStack(Settings settings) {
        this.settings = settings;
    }

    public static ExportStack start(Settings settings, Consumer<String> say) {
        return start(settings, Map.of(), say);
    }

    /**
     * Starts the stack with more processes of services (name to module, as {@link #startReplicas}): they start
     * side by side with the first process of each service.
     */
    public static ExportStack start(Settings settings, Map<String, String> replicas, Consumer<String> say) {
        ExportStack stack = new ExportStack(settings);
        // A test JVM stopped from outside (Ctrl-C, a build timeout) takes its processes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "export-stack-stop"));
        try {
            stack.startAll(replicas, say);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Map<String, String> replicas, Consumer<String> say) {
        Ports ports = settings.ports();
        say.accept("starting PostgreSQL on port " + ports.postgres() + ", Kafka (KRaft)"
                + (kafkaInJvm() ? " in this JVM" : " on port " + ports.kafka()) + " and S3Proxy on port "
                + ports.s3() + ", side by side");
        // Independent of each other: the broker and the store start while the database starts and loads.
        CompletableFuture<KafkaBroker> broker = CompletableFuture.supplyAsync(this::startKafkaBroker);
        CompletableFuture<S3Store> store = CompletableFuture.supplyAsync(this::startS3Store);
        List<RuntimeException> failures = new ArrayList<>();
        try {
            startPostgres();
            DemoData.ensureLoaded(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
            ServiceRoles.create(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        } catch (RuntimeException e) {
            failures.add(e);
        }
        // Each part that started is kept, so that close() stops it even when another one failed.
        kafka = joined(broker, failures);
        s3 = joined(store, failures);
        if (!failures.isEmpty()) {
            failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
            throw failures.get(0);
        }

        commonEnv.putAll(Map.of(
                "DB_HOST", "127.0.0.1", "DB_PORT", str(ports.postgres()), "DB_NAME", PostgresServer.DATABASE,
                "DB_USER", PostgresServer.USER, "DB_PASSWORD", PostgresServer.PASSWORD,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "S3_ENDPOINT", s3.endpoint(), "S3_ACCESS_KEY", S3_ACCESS_KEY, "S3_SECRET_KEY", S3_SECRET_KEY,
                "S3_BUCKET", BUCKET));
        commonEnv.put("LOG_JSON", "false");
        commonEnv.put("DESTINATION_KEY", DESTINATION_KEY);
        commonEnv.put("WORK_SIGNING_KEY", WORK_SIGNING_KEY);
        commonEnv.putAll(settings.serviceEnv());
        say.accept("starting export-worker, api-service and notifier-service"
                + (replicas.isEmpty() ? "" : " with " + String.join(", ", replicas.keySet())));
        List<Service> started = new ArrayList<>();
        Map<String, String> worker = new HashMap<>(Map.of("S3_CREATE_BUCKET", "true"));
        started.add(launch(define(WORKER, WORKER, ports.worker(), 0, worker)));
        started.add(launch(define(API, API, ports.api(), ports.apiManagement(), new HashMap<>())));
        started.add(launch(define(NOTIFIER, NOTIFIER, ports.notifier(), 0, new HashMap<>())));
        started.addAll(launchReplicas(replicas));
        started.forEach(this::awaitReady);
    }

    /** A service's environment: the common part, its ports, and what only that module reads. */
    private Service define(String name, String module, int httpPort, int managementPort, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(commonEnv);
        switch (module) {
            case WORKER -> env.putAll(Map.of("WORKER_HTTP_PORT", str(httpPort),
                    "ALLOW_HTTP_DESTINATIONS", "true", "DESTINATION_ALLOWED_HOSTS", LOOPBACK_CALLBACKS));
            case NOTIFIER -> env.putAll(Map.of("NOTIFIER_HTTP_PORT", str(httpPort), "API_BASE_URL", apiBaseUrl(),
                    "ALLOW_HTTP_CALLBACKS", "true", "CALLBACK_ALLOWED_HOSTS", LOOPBACK_CALLBACKS));
            case API -> {
                env.putAll(Map.of("API_HTTP_PORT", str(httpPort), "API_MANAGEMENT_PORT", str(managementPort),
                        "ADMIN_TOKEN", adminToken, "ALLOW_HTTP_CALLBACKS", "true",
                        "CALLBACK_ALLOWED_HOSTS", LOOPBACK_CALLBACKS));
                // A customer's bucket in tests is a second S3Proxy on loopback, over plain http.
                env.putAll(Map.of("ALLOW_HTTP_DESTINATIONS", "true", "DESTINATION_ALLOWED_HOSTS", LOOPBACK_CALLBACKS));
                // Off by default outside dev and test; the local run's api serves it (docs/development.md).
                env.put("SWAGGER_UI_ENABLED", "true");
                if (settings.bootstrapApiKey() != null) {
                    env.put("BOOTSTRAP_API_KEY", settings.bootstrapApiKey());
                }
            }
            default -> throw new IllegalArgumentException("no such service module: " + module);
        }
        // Each service with its own login, as deployed (ServiceRoles).
        String login = switch (module) {
            case WORKER -> ServiceRoles.WORKER;
            case NOTIFIER -> ServiceRoles.NOTIFIER;
            default -> ServiceRoles.API;
        };
        env.putAll(Map.of("DB_USER", login, "DB_PASSWORD", ServiceRoles.PASSWORDS.get(login)));
        // Each service signs in as its own Kafka user (named as its module) on an authenticated broker.
        kafka.clientSecurity(module).forEach((key, value) -> env.put(environmentName(key), value));
        env.putAll(own);
        Service service = new Service(name, module, env, httpPort, module.equals(API) ? managementPort : httpPort);
        services.put(name, service);
        return service;
    }

    private Service launch(Service service) {
        // The worker streams: its heap holds a few upload parts and a Parquet row group per running job.
        List<String> jvm = new ArrayList<>(List.of(service.module.equals(WORKER) ? "-Xmx256m" : "-Xmx384m"));
        jvm.addAll(settings.serviceJvmOptions());
        jvm.addAll(List.of("-jar", ProjectLayout.serviceJar(service.module).toString()));
        service.process = JavaProcess.start(service.name, jvm, service.env,
                settings.stateDir().resolve("logs/" + service.name + ".log"));
        return service;
    }

    private void awaitReady(Service service) {
        service.process.await(() -> isReady(service.healthPort), READY_WITHIN, "/q/health/ready");
    }

    private Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no such service: " + name);
        }
        return service;
    }

    /** Kills a service's process (SIGKILL: no graceful shutdown), starts it again and waits until it is ready. */
    public void killAndRestart(String name) {
        kill(name);
        restart(name);
    }

    /** Stops a service's process at once, as a crash would (SIGKILL). */
    public void kill(String name) {
        Service service = service(name);
        service.process.kill();
        service.process = null;
    }

    /** Asks a service to stop (SIGTERM) and waits until it has exited; returns how long that took. */
    public Duration terminate(String name) {
        Service service = service(name);
        long started = System.nanoTime();
        service.process.close();
        service.process = null;
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Starts a stopped or killed service again with the same settings and waits until it is ready. */
    public void restart(String name) {
        Service service = service(name);
        if (service.process != null) {
            throw new IllegalStateException(name + " is running");
        }
        awaitReady(launch(service));
    }

    /**
     * Starts one more process of a service, with the same settings on its own ports, and waits until it is
     * ready; it stops with the stack.
     */
    public void startReplica(String module, String name) {
        startReplicas(Map.of(name, module));
    }

    /**
     * Starts more processes of services (name to module), each with its module's settings on its own ports, side
     * by side, and waits until every one is ready; they stop with the stack.
     */
    public void startReplicas(Map<String, String> modulesByName) {
        launchReplicas(modulesByName).forEach(this::awaitReady);
    }

    private List<Service> launchReplicas(Map<String, String> modulesByName) {
        List<Service> launched = new ArrayList<>();
        modulesByName.forEach((name, module) -> launched.add(launch(define(name, module, freePort(),
                module.equals(API) ? freePort() : 0, Map.of()))));
        return launched;
    }

    /** Stops a process started by {@link #startReplica}. */
    public void stopReplica(String name) {
        stopReplicas(List.of(name));
    }

    /** Stops processes started by {@link #startReplicas}: each is asked to stop (SIGTERM) at once, then awaited. */
    public void stopReplicas(List<String> names) {
        stopTogether(names.stream().map(this::service).toList());
        names.forEach(services::remove);
    }

    /** Signals every running process of the services to stop, then awaits each: they stop side by side. */
    private static void stopTogether(List<Service> stopping) {
        List<JavaProcess> running = stopping.stream().map(service -> service.process)
                .filter(java.util.Objects::nonNull).toList();
        running.forEach(JavaProcess::signalStop);
        running.forEach(ExportStack::closeQuietly);
        stopping.forEach(service -> service.process = null);
    }

    /** The log file of a service's process. */
    public Path serviceLog(String name) {
        return settings.stateDir().resolve("logs/" + name + ".log");
    }

    /** The process id of a running service. */
    public long pid(String name) {
        return service(name).process.pid();
    }

    private static boolean isReady(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops PostgreSQL (fast shutdown: connections are cut). */
    public void stopPostgres() {
        closeQuietly(postgres);
        postgres = null;
    }

    /** Starts PostgreSQL again on its port and data directory. */
    public void startPostgres() {
        postgres = PostgresServer.start(settings.stateDir().resolve("postgres"), settings.ports().postgres());
    }

    private KafkaBroker startKafkaBroker() {
        if (!kafkaInJvm()) {
            return startKafkaProcess();
        }
        if (!settings.kafkaAuthenticated()) {
            return InJvmKafkaBroker.start();
        }
        KafkaBroker broker = InJvmKafkaBroker.startAuthenticated();
        KafkaUsers.declaredIn(KafkaUsers.SERVICES).forEach(broker::addUser);
        return broker;
    }

    /** The broker as its own process, or as a container on the containers stack. */
    private KafkaBroker startKafkaProcess() {
        if (TestStack.containers()) {
            return KafkaBrokerContainer.start(settings.stateDir().resolve("kafka"), settings.ports().kafka());
        }
        return KafkaBrokerProcess.start(settings.stateDir().resolve("kafka"), settings.ports().kafka(),
                settings.ports().kafkaController());
    }

    /** Kafka runs in this JVM when asked, except on the containers stack. */
    private boolean kafkaInJvm() {
        return settings.kafkaInJvm() && !TestStack.containers();
    }

    /** Stops the Kafka broker process (only when Kafka does not run in this JVM). */
    public void stopKafka() {
        if (kafkaInJvm()) {
            throw new IllegalStateException("Kafka runs in this JVM: start the stack with kafkaInJvm=false");
        }
        closeQuietly(kafka);
    }

    /** Starts the Kafka broker process again on its ports and log directory. */
    public void startKafka() {
        kafka = startKafkaProcess();
    }

    /** Stops S3Proxy: every S3 call fails until {@link #startS3}. */
    public void stopS3() {
        closeQuietly(s3);
        s3 = null;
    }

    /** Starts S3Proxy again on its port, with the objects it stored. */
    public void startS3() {
        s3 = startS3Store();
    }

    private S3Store startS3Store() {
        return S3Store.start(settings.stateDir().resolve("s3"), settings.ports().s3(), S3_ACCESS_KEY, S3_SECRET_KEY);
    }

    /** What a part's start returned, or null with its failure added to {@code failures}. */
    private static <T> T joined(CompletableFuture<T> start, List<RuntimeException> failures) {
        try {
            return start.join();
        } catch (CompletionException e) {
            failures.add(e.getCause() instanceof RuntimeException cause ? cause : e);
            return null;
        }
    }

    public String apiBaseUrl() {
        return apiBaseUrl(API);
    }

    /** Public base URL of one api-service process. */
    public String apiBaseUrl(String name) {
        return "http://127.0.0.1:" + service(name).httpPort;
    }

    /** The Prometheus endpoint of one service process (the api's is on its management port). */
    public String metricsUrl(String name) {
        return "http://127.0.0.1:" + service(name).healthPort + "/q/metrics";
    }

    /** Base URL of the admin API, on the api-service's management port. */
    public String adminBaseUrl() {
        return "http://127.0.0.1:" + settings.ports().apiManagement() + "/admin/v1";
    }

    public String adminToken() {
        return adminToken;
    }

    /** Calls the admin API with the stack's admin token ({@code body} null: none). */
    public HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return adminApi().send(method, path, body);
    }

    /** Creates an account through the admin API (its JSON: name, limits...) and returns a new key of it. */
    public String createAccountKey(String accountJson) throws IOException, InterruptedException {
        return adminApi().createAccountKey(accountJson);
    }

    /** Creates an account through the admin API (its JSON: name, limits...) and a key of it. */
    public AdminApi.Account createAccount(String accountJson) throws IOException, InterruptedException {
        return adminApi().createAccount(accountJson);
    }

    /** A new webhook signing secret for the account, through the admin API (see {@link AdminApi#rotateWebhookSecret}). */
    public String rotateWebhookSecret(String accountId, int overlapHours) throws IOException, InterruptedException {
        return adminApi().rotateWebhookSecret(accountId, overlapHours);
    }

    private AdminApi adminApi() {
        return new AdminApi(adminBaseUrl(), adminToken);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + settings.ports().s3();
    }

    /** The environment variable of a Kafka client setting, as Quarkus reads it: sasl.jaas.config is KAFKA_SASL_JAAS_CONFIG. */
    private static String environmentName(String kafkaSetting) {
        return "KAFKA_" + kafkaSetting.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    private static String str(int value) {
        return String.valueOf(value);
    }

    /**
     * A loopback port nothing listens on, for a process started after this returns. It lies below the kernel's
     * ephemeral range (net.ipv4.ip_local_port_range): a port of that range, once released, can be taken before
     * the process binds it by anything that binds port 0 (the in-JVM Kafka broker's listener) or connects (a
     * client's own end). Never the same port twice in one JVM.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT + 1);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException inUse) {
                // taken by something else: draw again
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_PORT + " and " + LAST_PORT);
    }

    private static int firstEphemeralPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Math.max(FIRST_PORT + 1_000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException notLinux) {
            return 32_768; // Linux's default
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("while stopping: " + e);
        }
    }

    /**
     * Stops everything and deletes the state (database, bucket, broker log: about 1.4 GB after the fault
     * suite), keeping the logs: for tests, whose state lives in a temporary directory.
     */
    public void closeAndDeleteData() {
        close();
        try {
            deleteAllButLogs(settings.stateDir());
        } catch (IOException e) {
            System.err.println("cannot delete " + settings.stateDir() + ": " + e);
        }
    }

    /** Deletes everything under a state directory except its {@code logs}. */
    public static void deleteAllButLogs(Path state) throws IOException {
        Path logs = state.resolve("logs");
        try (var paths = java.nio.file.Files.walk(state)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!path.startsWith(logs) && !path.equals(state)) {
                    java.nio.file.Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Stops everything: the services are signalled together, then awaited; then S3, Kafka, PostgreSQL. */
    @Override
    public synchronized void close() {
        stopTogether(List.copyOf(services.values()));
        closeQuietly(s3);
        closeQuietly(kafka);
        closeQuietly(postgres);
        s3 = null;
        kafka = null;
        postgres = null;
    }
}
