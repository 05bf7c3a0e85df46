package dev.bulkexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.common.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml and the Kubernetes manifests say only what the services understand. */
class DeploymentDescriptorsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("api-service", "export-worker", "notifier-service");
    private static final Map<String, ServiceConfiguration> CONFIG = Map.of(
            "api-service", ServiceConfiguration.of(ROOT, "api-service"),
            "export-worker", ServiceConfiguration.of(ROOT, "export-worker"),
            "notifier-service", ServiceConfiguration.of(ROOT, "notifier-service"));

    @Test
    void compose_sets_only_environment_variables_the_services_read() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        for (String service : SERVICES) {
            Map<String, Object> environment = map(map(services.get(service)).get("environment"));
            assertThat(environment.keySet()).as(service).isNotEmpty()
                    .allSatisfy(variable -> assertThat(CONFIG.get(service).accepts(variable)
                            || imageReads(variable)).as(service + " reads " + variable).isTrue());
        }
    }

    @Test
    void compose_publishes_the_ports_the_services_listen_on_and_builds_from_real_dockerfiles() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        assertThat(ports(services, "api-service")).containsExactlyInAnyOrder(
                CONFIG.get("api-service").defaultPort("quarkus.http.port"),
                CONFIG.get("api-service").defaultPort("quarkus.management.port"));
        assertThat(ports(services, "export-worker"))
                .containsExactly(CONFIG.get("export-worker").defaultPort("quarkus.http.port"));
        assertThat(ports(services, "notifier-service"))
                .containsExactly(CONFIG.get("notifier-service").defaultPort("quarkus.http.port"));
        for (Object service : services.values()) {
            Map<String, Object> build = map(map(service).get("build"));
            if (!build.isEmpty()) {
                Path dockerfile = ROOT.resolve(build.get("context").toString())
                        .resolve(build.getOrDefault("dockerfile", "Dockerfile").toString());
                assertThat(dockerfile).isRegularFile();
                assertThat(read(dockerfile)).as("stage " + build.get("target"))
                        .containsPattern("(?m)^FROM \\S+ AS " + build.get("target") + "$");
            }
        }
    }

    @Test
    void compose_requires_the_secrets_that_must_not_have_a_well_known_value() {
        String compose = read(ROOT.resolve("docker-compose.yml"));
        for (String variable : List.of("DESTINATION_KEY", "ADMIN_TOKEN")) {
            assertThat(compose).as(variable).contains("${" + variable + ":?").doesNotContain("${" + variable + ":-")
                    .doesNotContain("${" + variable + "-");
        }
    }

    @Test
    void compose_checks_s3proxy_with_what_its_image_has() {
        Map<String, Object> services = map(compose().get("services"));
        // S3Proxy's image has had neither curl nor wget since 4.0.
        String s3Check = map(map(services.get("s3")).get("healthcheck")).get("test").toString();
        assertThat(s3Check).doesNotContain("curl").doesNotContain("wget");
    }

    @Test
    void every_image_tag_is_pinned() throws IOException {
        List<String> images = new ArrayList<>();
        map(compose().get("services")).values().forEach(service -> {
            if (map(service).get("image") != null) {
                images.add(map(service).get("image").toString());
            }
        });
        manifests("base").filter(doc -> "Deployment".equals(doc.get("kind")))
                .forEach(doc -> containers(doc).forEach(container -> images.add(container.get("image").toString())));
        try (Stream<Path> dockerfiles = Files.walk(ROOT, 2).filter(p -> p.getFileName().toString().equals("Dockerfile"))) {
            for (Path dockerfile : dockerfiles.toList()) {
                images.addAll(baseImages(Files.readAllLines(dockerfile)));
            }
        }
        assertThat(images).hasSizeGreaterThan(8).allSatisfy(image -> assertThat(image)
                .matches("[^:]+:[^:]*\\d[^:]*").doesNotEndWith(":latest"));
    }

    @Test
    void deployments_run_our_images_with_probes_on_the_ports_that_serve_health() {
        List<Map<String, Object>> deployments = manifests("base").filter(doc -> "Deployment".equals(doc.get("kind")))
                .toList();
        assertThat(deployments).extracting(doc -> map(doc.get("metadata")).get("name"))
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        for (Map<String, Object> deployment : deployments) {
            String service = map(deployment.get("metadata")).get("name").toString();
            ServiceConfiguration config = CONFIG.get(service);
            Map<String, Object> container = containers(deployment).get(0);
            assertThat(container.get("image").toString()).startsWith("property-bulk-export/" + service + ":");
            Map<String, Integer> ports = new java.util.HashMap<>();
            list(container.get("ports")).forEach(port -> ports.put(map(port).get("name").toString(),
                    (Integer) map(port).get("containerPort")));
            assertThat(ports.get("http")).as(service).isEqualTo(config.defaultPort("quarkus.http.port"));
            String healthPort = config.properties().containsKey("quarkus.management.port") ? "management" : "http";
            if (healthPort.equals("management")) {
                assertThat(ports.get("management")).isEqualTo(config.defaultPort("quarkus.management.port"));
            }
            Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe",
                    "/q/health/live", "readinessProbe", "/q/health/ready");
            probes.forEach((probe, path) -> {
                Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
                assertThat(get.get("path")).as(service + " " + probe).isEqualTo(path);
                assertThat(get.get("port")).as(service + " " + probe).isEqualTo(healthPort);
            });
            for (Object env : list(container.get("env"))) {
                String variable = map(env).get("name").toString();
                assertThat(config.accepts(variable) || imageReads(variable)).as(service + " reads " + env).isTrue();
            }
            assertThat(map(container.get("resources")).keySet()).contains("requests", "limits");
        }
    }

    @Test
    void shared_configuration_keys_are_read_by_a_service_that_mounts_them() {
        Map<String, Object> configMap = manifests("base").filter(doc -> "ConfigMap".equals(doc.get("kind")))
                .findFirst().orElseThrow();
        assertThat(map(configMap.get("data")).keySet()).allSatisfy(key -> assertThat(
                CONFIG.values().stream().anyMatch(config -> config.accepts(key))).as(key).isTrue());
    }

    @Test
    void kafka_topics_are_the_codes_topics_and_workers_never_outnumber_partitions() {
        List<Map<String, Object>> base = manifests("base").toList();
        Set<String> topics = new HashSet<>();
        int submittedPartitions = 0;
        for (Map<String, Object> doc : base) {
            if ("KafkaTopic".equals(doc.get("kind"))) {
                Map<String, Object> spec = map(doc.get("spec"));
                topics.add(spec.get("topicName").toString());
                if (Topics.SHARD_SUBMITTED.equals(spec.get("topicName"))) {
                    submittedPartitions = (Integer) spec.get("partitions");
                }
            }
        }
        Set<String> expected = new HashSet<>(Topics.ALL);
        Topics.ALL.forEach(topic -> expected.add(topic + ".dlq"));
        assertThat(topics).isEqualTo(expected);

        Map<String, Object> scaler = base.stream().filter(doc -> "ScaledObject".equals(doc.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, Object> trigger = map(list(map(scaler.get("spec")).get("triggers")).get(0));
        Map<String, Object> metadata = map(trigger.get("metadata"));
        assertThat(metadata.get("topic")).isEqualTo(Topics.SHARD_SUBMITTED);
        assertThat(metadata.get("consumerGroup")).isEqualTo(CONFIG.get("export-worker").properties()
                .getProperty("mp.messaging.incoming.shard-submitted.group.id"));
        assertThat((Integer) map(scaler.get("spec")).get("maxReplicaCount")).isLessThanOrEqualTo(submittedPartitions);

        String prod = read(ROOT.resolve("deploy/overlays/prod/kustomization.yaml"));
        int prodPartitions = patchedValue(prod, "export-shard-submitted");
        int prodWorkers = patchedValue(prod, "export-worker");
        assertThat(prodWorkers).isLessThanOrEqualTo(prodPartitions);
    }

    @Test
    void kustomizations_list_files_that_exist() {
        for (String dir : List.of("deploy/base", "deploy/overlays/dev", "deploy/overlays/prod")) {
            Map<String, Object> kustomization = map(new Yaml().load(read(ROOT.resolve(dir).resolve("kustomization.yaml"))));
            for (Object resource : list(kustomization.get("resources"))) {
                assertThat(ROOT.resolve(dir).resolve(resource.toString())).exists();
            }
        }
    }

    /** The value of the first JSON patch in the overlay whose target has this name. */
    private static int patchedValue(String kustomization, String targetName) {
        for (Object patch : list(map(new Yaml().load(kustomization)).get("patches"))) {
            if (targetName.equals(map(map(patch).get("target")).get("name"))) {
                List<Object> operations = list(new Yaml().load(map(patch).get("patch").toString()));
                return (Integer) map(operations.get(0)).get("value");
            }
        }
        throw new IllegalStateException("no patch for " + targetName);
    }

    private static Map<String, Object> compose() {
        return map(new Yaml().load(read(ROOT.resolve("docker-compose.yml"))));
    }

    private static Stream<Map<String, Object>> manifests(String dir) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy").resolve(dir))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    new Yaml().loadAll(reader).forEach(doc -> {
                        if (doc != null) {
                            docs.add(map(doc));
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return docs.stream();
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers")).stream()
                .map(DeploymentDescriptorsTest::map).toList();
    }

    /** The container side of each published port ({@code 127.0.0.1:${HOST_PORT:-8080}:8080}). */
    private static List<Integer> ports(Map<String, Object> services, String service) {
        return list(map(services.get(service)).get("ports")).stream()
                .map(port -> port.toString().substring(port.toString().lastIndexOf(':') + 1))
                .map(Integer::parseInt).toList();
    }

    /** A variable that the services' image itself reads (its launcher's JAVA_OPTS), not the application. */
    private static boolean imageReads(String variable) {
        String dockerfile = read(ROOT.resolve("Dockerfile"));
        return dockerfile.contains("$" + variable) || dockerfile.contains("${" + variable);
    }

    /**
     * The images a Dockerfile's stages start from, with {@code ${ARG}}s replaced by their defaults; a stage
     * built on an earlier stage of the same file names no image.
     */
    private static List<String> baseImages(List<String> lines) {
        Map<String, String> args = new java.util.HashMap<>();
        List<String> stages = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("ARG ") && line.contains("=")) {
                String[] arg = line.substring(4).trim().split("=", 2);
                args.put(arg[0], arg[1]);
            } else if (line.startsWith("FROM ")) {
                String[] from = line.substring(5).trim().split("\\s+AS\\s+");
                String image = from[0];
                for (Map.Entry<String, String> arg : args.entrySet()) {
                    image = image.replace("${" + arg.getKey() + "}", arg.getValue());
                }
                if (!stages.contains(image)) {
                    images.add(image);
                }
                if (from.length > 1) {
                    stages.add(from[1].trim());
                }
            }
        }
        return images;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
