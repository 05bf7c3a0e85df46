package dev.bulkexport.testsupport;

import dev.bulkexport.propertydata.DemoData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on loopback: PostgreSQL with the demo data, a Kafka broker, S3Proxy, and the three
 * packaged services as separate processes. Used by the end-to-end tests and the local run.
 */
public final class ExportStack implements AutoCloseable {
    /** Local-only S3Proxy credentials: the stack's store is on loopback and holds demo data only. */
    public static final String S3_ACCESS_KEY = "local-access-key";
    public static final String S3_SECRET_KEY = "local-secret-key";
    public static final String BUCKET = "bulk-exports";
    /** The stack's webhook receivers run on loopback, which the SSRF guard refuses unless allowlisted. */
    static final String LOOPBACK_CALLBACKS = "127.0.0.1,localhost";

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
     * How to run the stack: where its state lives, which ports, the demo key, where Kafka runs, and extra
     * environment variables for every service.
     */
    public record Settings(Path stateDir, Ports ports, String bootstrapApiKey, boolean kafkaInJvm,
            Map<String, String> serviceEnv) {

        public Settings(Path stateDir, Ports ports, String bootstrapApiKey, boolean kafkaInJvm) {
            this(stateDir, ports, bootstrapApiKey, kafkaInJvm, Map.of());
        }
    }

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    /** Each service's process and how it was started, for {@link #killAndRestart}. */
    private final Map<String, JavaProcess> services = new HashMap<>();
    private final Map<String, Map<String, String>> serviceEnv = new HashMap<>();
    private final Map<String, Integer> servicePorts = new HashMap<>();
    private final Settings settings;
    /** Bearer token of the admin API, new for every start of the stack. */
    private final String adminToken = java.util.UUID.randomUUID().toString();
    private PostgresServer postgres;
    private KafkaBroker kafka;

    private ExportStack(Settings settings) {
        this.settings = settings;
    }

    public static ExportStack start(Settings settings, Consumer<String> say) {
        ExportStack stack = new ExportStack(settings);
        try {
            stack.startAll(say);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> say) {
        Path state = settings.stateDir();
        Ports ports = settings.ports();
        say.accept("starting PostgreSQL on port " + ports.postgres());
        postgres = track(PostgresServer.start(state.resolve("postgres"), ports.postgres()));
        DemoData.ensureLoaded(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        say.accept("starting Kafka (KRaft)" + (settings.kafkaInJvm() ? " in this JVM" : " on port " + ports.kafka()));
        kafka = track(settings.kafkaInJvm() ? InJvmKafkaBroker.start()
                : KafkaBrokerProcess.start(state.resolve("kafka"), ports.kafka(), ports.kafkaController()));
        say.accept("starting S3Proxy on port " + ports.s3());
        S3ProxyProcess s3 = track(S3ProxyProcess.start(state.resolve("s3"), ports.s3(), S3_ACCESS_KEY, S3_SECRET_KEY));

        Map<String, String> env = new HashMap<>(Map.of(
                "DB_HOST", "127.0.0.1", "DB_PORT", String.valueOf(postgres.port()), "DB_NAME", PostgresServer.DATABASE,
                "DB_USER", PostgresServer.USER, "DB_PASSWORD", PostgresServer.PASSWORD,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "S3_ENDPOINT", s3.endpoint(), "S3_ACCESS_KEY", S3_ACCESS_KEY, "S3_SECRET_KEY", S3_SECRET_KEY,
                "S3_BUCKET", BUCKET));
        env.put("LOG_JSON", "false");
        env.putAll(settings.serviceEnv());
        say.accept("starting export-worker, api-service and notifier-service");
        List<Runnable> readiness = List.of(
                service("export-worker", ports.worker(), env, Map.of("WORKER_HTTP_PORT", str(ports.worker()),
                        "S3_CREATE_BUCKET", "true")),
                service("api-service", ports.apiManagement(), env, apiEnv()),
                service("notifier-service", ports.notifier(), env, Map.of("NOTIFIER_HTTP_PORT", str(ports.notifier()),
                        "API_BASE_URL", apiBaseUrl(), "ALLOW_HTTP_CALLBACKS", "true",
                        "CALLBACK_ALLOWED_HOSTS", LOOPBACK_CALLBACKS)));
        readiness.forEach(Runnable::run);
    }

    private Map<String, String> apiEnv() {
        Map<String, String> env = new HashMap<>(Map.of("API_HTTP_PORT", str(settings.ports().api()),
                "API_MANAGEMENT_PORT", str(settings.ports().apiManagement()), "ADMIN_TOKEN", adminToken,
                "ALLOW_HTTP_CALLBACKS", "true", "CALLBACK_ALLOWED_HOSTS", LOOPBACK_CALLBACKS));
        if (settings.bootstrapApiKey() != null) {
            env.put("BOOTSTRAP_API_KEY", settings.bootstrapApiKey());
        }
        return env;
    }

    /** Starts a service process and returns what waits for its readiness (on the port serving its health). */
    private Runnable service(String module, int port, Map<String, String> common, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        serviceEnv.put(module, env);
        servicePorts.put(module, port);
        JavaProcess process = track(JavaProcess.start(module, List.of("-Xmx384m", "-jar",
                ProjectLayout.serviceJar(module).toString()), env, settings.stateDir().resolve("logs/" + module + ".log")));
        services.put(module, process);
        return () -> process.await(() -> isReady(port), Duration.ofSeconds(120), "/q/health/ready");
    }

    /** Kills a service's process (SIGKILL: no graceful shutdown), starts it again and waits until it is ready. */
    public void killAndRestart(String module) {
        JavaProcess old = services.get(module);
        old.kill();
        running.remove(old);
        service(module, servicePorts.get(module), serviceEnv.get(module), Map.of()).run();
    }

    /**
     * Starts one more process of a service, with the same settings on its own HTTP port, and waits until it
     * is ready; it stops with the stack.
     */
    public void startReplica(String module, String name) {
        int port = freePort();
        Map<String, String> env = new HashMap<>(serviceEnv.get(module));
        env.put("QUARKUS_HTTP_PORT", str(port));
        JavaProcess process = track(JavaProcess.start(name, List.of("-Xmx384m", "-jar",
                ProjectLayout.serviceJar(module).toString()), env, settings.stateDir().resolve("logs/" + name + ".log")));
        services.put(name, process);
        process.await(() -> isReady(port), Duration.ofSeconds(120), "/q/health/ready");
    }

    /** Stops a process started by {@link #startReplica}. */
    public void stopReplica(String name) {
        JavaProcess process = services.remove(name);
        process.close();
        running.remove(process);
    }

    /** The log file of a service's process. */
    public Path serviceLog(String module) {
        return services.get(module).log();
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

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + settings.ports().api();
    }

    /** Base URL of the admin API, on the api-service's management port. */
    public String adminBaseUrl() {
        return "http://127.0.0.1:" + settings.ports().apiManagement() + "/admin/v1";
    }

    public String adminToken() {
        return adminToken;
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

    private <T extends AutoCloseable> T track(T part) {
        running.push(part);
        return part;
    }

    private static String str(int value) {
        return String.valueOf(value);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops everything, newest first; the services are signalled together, then awaited. */
    @Override
    public void close() {
        running.stream().filter(JavaProcess.class::isInstance).map(JavaProcess.class::cast)
                .forEach(JavaProcess::signalStop);
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
