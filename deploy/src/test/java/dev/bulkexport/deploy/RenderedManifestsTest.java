package dev.bulkexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bulkexport.common.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What each overlay renders to is valid for its kinds and safe to run. */
class RenderedManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;
    /** Measured on the worker (bench/results/large-10m.md: 476 MiB RSS with a 256 MiB heap). */
    private static final long NON_HEAP_MIB = 200;
    /** PostgreSQL's superuser_reserved_connections default. */
    private static final int RESERVED_CONNECTIONS = 3;
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)m");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_rendered_document_is_valid_against_the_schema_of_its_kind(String overlay) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        assertThat(docs).hasSizeGreaterThan(20);
        for (Map<String, Object> doc : docs) {
            String kind = doc.get("kind").toString();
            Path schemaFile = ROOT.resolve("deploy/schemas").resolve(kind + ".schema.json");
            assertThat(schemaFile).as("a schema for " + kind).isRegularFile();
            JsonSchema schema = factory.getSchema(schemaFile.toUri());
            Set<ValidationMessage> errors = schema.validate(json.valueToTree(doc));
            assertThat(errors).as(overlay + " " + kind + " " + Manifests.name(doc)).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_namespace_is_not_rendered_and_everything_lands_in_bulk_export(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        assertThat(docs).extracting(doc -> doc.get("kind")).doesNotContain("Namespace");
        assertThat(docs).allSatisfy(doc -> assertThat(Manifests.map(doc.get("metadata")).get("namespace"))
                .as(Manifests.name(doc)).isEqualTo("bulk-export"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void pods_run_as_non_root_on_a_read_only_root_with_a_writable_tmp_and_no_capabilities(String overlay) {
        for (Map<String, Object> deployment : Manifests.ofKind(RenderedOverlays.render(ROOT, overlay), "Deployment")) {
            Map<String, Object> pod = Manifests.podSpec(deployment);
            Map<String, Object> podSecurity = Manifests.map(pod.get("securityContext"));
            assertThat(podSecurity.get("runAsNonRoot")).isEqualTo(true);
            assertThat(Manifests.map(podSecurity.get("seccompProfile")).get("type")).isEqualTo("RuntimeDefault");
            for (Map<String, Object> container : Manifests.containers(deployment)) {
                Map<String, Object> security = Manifests.map(container.get("securityContext"));
                assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(true);
                assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
                assertThat(Manifests.list(Manifests.map(security.get("capabilities")).get("drop"))).containsExactly("ALL");
                String tmpVolume = Manifests.list(container.get("volumeMounts")).stream().map(Manifests::map)
                        .filter(mount -> "/tmp".equals(mount.get("mountPath"))).map(mount -> mount.get("name").toString())
                        .findFirst().orElseThrow(() -> new AssertionError(Manifests.name(deployment) + ": no /tmp mount"));
                assertThat(Manifests.list(pod.get("volumes")).stream().map(Manifests::map)
                        .filter(volume -> tmpVolume.equals(volume.get("name")))
                        .anyMatch(volume -> volume.containsKey("emptyDir"))).as("/tmp is an emptyDir").isTrue();
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void autoscaled_deployments_leave_replicas_to_their_autoscaler(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        List<String> autoscaled = Manifests.autoscaledDeployments(docs);
        assertThat(autoscaled).containsExactlyInAnyOrder("api-service", "export-worker");
        for (Map<String, Object> deployment : Manifests.ofKind(docs, "Deployment")) {
            if (autoscaled.contains(Manifests.name(deployment))) {
                assertThat(Manifests.map(deployment.get("spec"))).as(Manifests.name(deployment)).doesNotContainKey("replicas");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_heap_and_the_measured_non_heap_fit_under_every_memory_limit(String overlay) {
        for (Map<String, Object> deployment : Manifests.ofKind(RenderedOverlays.render(ROOT, overlay), "Deployment")) {
            Map<String, Object> container = Manifests.containers(deployment).get(0);
            Matcher xmx = XMX.matcher(Manifests.env(container).getOrDefault("JAVA_OPTS", ""));
            assertThat(xmx.find()).as(Manifests.name(deployment) + " sets -Xmx in JAVA_OPTS").isTrue();
            long limit = Manifests.mebibytes(Manifests.map(Manifests.map(container.get("resources")).get("limits"))
                    .get("memory").toString());
            assertThat(Long.parseLong(xmx.group(1)) + NON_HEAP_MIB).as(Manifests.name(deployment))
                    .isLessThanOrEqualTo(limit * 85 / 100);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_pool_at_its_most_replicas_fits_in_the_postgres_connection_budget(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        Map<String, Object> configMap = Manifests.ofKind(docs, "ConfigMap").get(0);
        int maxConnections = Integer.parseInt(Manifests.map(Manifests.map(configMap.get("metadata")).get("annotations"))
                .get("bulk-export/postgres-max-connections").toString());
        int total = 0;
        for (Map<String, Object> deployment : Manifests.ofKind(docs, "Deployment")) {
            String service = Manifests.name(deployment);
            int replicas = Manifests.maxReplicas(docs, deployment);
            int surge = (replicas + 3) / 4;  // a rolling update's default 25% more pods, rounded up
            total += (replicas + surge) * ConnectionPools.perPod(ServiceConfiguration.of(ROOT, service),
                    Manifests.env(Manifests.containers(deployment).get(0)));
        }
        assertThat(total).as(overlay + " connections").isLessThanOrEqualTo(maxConnections - RESERVED_CONNECTIONS);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void keda_reads_the_lag_of_the_work_from_a_fully_qualified_broker_address_with_the_consumers_reset_policy(
            String overlay) {
        Map<String, Object> scaler = Manifests.ofKind(RenderedOverlays.render(ROOT, overlay), "ScaledObject").get(0);
        Properties worker = ServiceConfiguration.of(ROOT, "export-worker").properties();
        List<String> topics = new ArrayList<>();
        for (Object trigger : Manifests.list(Manifests.map(scaler.get("spec")).get("triggers"))) {
            Map<String, Object> metadata = Manifests.map(Manifests.map(trigger).get("metadata"));
            String channel = "shard-submitted";
            topics.add(metadata.get("topic").toString());
            assertThat(metadata.get("bootstrapServers").toString()).matches("[a-z0-9-]+\\.bulk-export\\.svc(\\.cluster\\.local)?:\\d+");
            assertThat(metadata.get("consumerGroup")).isEqualTo(worker.getProperty("mp.messaging.incoming." + channel + ".group.id"));
            assertThat(metadata.get("offsetResetPolicy"))
                    .isEqualTo(worker.getProperty("mp.messaging.incoming." + channel + ".auto.offset.reset"));
        }
        assertThat(topics).containsExactly(Topics.SHARD_SUBMITTED);
    }

    /**
     * A worker told to stop (scale-in, rollout) drains its running jobs within the grace period, and the
     * autoscaler removes workers one at a time, no faster than one drain each.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void a_removed_worker_drains_within_its_grace_period_and_workers_go_one_at_a_time(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        Map<String, Object> worker = Manifests.ofKind(docs, "Deployment").stream()
                .filter(d -> Manifests.name(d).equals("export-worker")).findFirst().orElseThrow();
        long drain = Duration.parse("PT" + Manifests.env(Manifests.containers(worker).get(0)).get("EXPORT_DRAIN_TIMEOUT")
                .toUpperCase()).toSeconds();
        long grace = Long.parseLong(Manifests.podSpec(worker).get("terminationGracePeriodSeconds").toString());
        assertThat(drain).as("the longest shard fits in the drain").isGreaterThanOrEqualTo(60);
        assertThat(grace).as("drain, hand back (10 s) and leave the group").isGreaterThanOrEqualTo(drain + 20);
        Map<String, Object> scaleDown = Manifests.map(Manifests.map(Manifests.map(Manifests.map(Manifests.map(
                Manifests.ofKind(docs, "ScaledObject").get(0).get("spec")).get("advanced"))
                .get("horizontalPodAutoscalerConfig")).get("behavior")).get("scaleDown"));
        assertThat(Manifests.list(scaleDown.get("policies"))).singleElement().satisfies(policy -> {
            assertThat(Manifests.map(policy)).containsEntry("type", "Pods").containsEntry("value", 1);
            assertThat(Long.parseLong(Manifests.map(policy).get("periodSeconds").toString())).isGreaterThanOrEqualTo(drain);
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void prometheus_may_reach_the_port_each_service_serves_metrics_on(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        for (Map<String, Object> deployment : Manifests.ofKind(docs, "Deployment")) {
            String service = Manifests.name(deployment);
            ServiceConfiguration config = ServiceConfiguration.of(ROOT, service);
            int metricsPort = config.properties().containsKey("quarkus.management.port")
                    ? config.defaultPort("quarkus.management.port") : config.defaultPort("quarkus.http.port");
            assertThat(NetworkPolicies.allowsFromNamespace(docs, service, "monitoring", metricsPort))
                    .as(overlay + ": monitoring → " + service + ":" + metricsPort).isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void a_node_drain_can_always_evict_one_pod_of_each_kind(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        for (Map<String, Object> budget : Manifests.ofKind(docs, "PodDisruptionBudget")) {
            Map<String, Object> spec = Manifests.map(budget.get("spec"));
            assertThat(spec.get("unhealthyPodEvictionPolicy")).as(Manifests.name(budget)).isEqualTo("AlwaysAllow");
            Map<String, Object> deployment = Manifests.ofKind(docs, "Deployment").stream()
                    .filter(d -> Manifests.name(d).equals(Manifests.name(budget))).findFirst().orElseThrow();
            int fewestReplicas = Manifests.minReplicas(docs, deployment);
            if (spec.containsKey("minAvailable")) {
                assertThat((Integer) spec.get("minAvailable")).as(overlay + " " + Manifests.name(budget))
                        .isLessThan(fewestReplicas);
            } else {
                assertThat((Integer) spec.get("maxUnavailable")).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void traces_go_to_the_otlp_endpoint_of_the_shared_configuration(String overlay) {
        Map<String, Object> configMap = Manifests.ofKind(RenderedOverlays.render(ROOT, overlay), "ConfigMap").get(0);
        Map<String, Object> data = Manifests.map(configMap.get("data"));
        assertThat(data.get("OTEL_EXPORTER_OTLP_ENDPOINT").toString()).startsWith("http");
        assertThat(data.get("OTEL_TRACES_EXPORTER")).isEqualTo("cdi");
    }

    /**
     * Clients reach the api through the ingress alone, and the api counts refused requests by the address the
     * ingress forwards, believed from the ingress only: without this every client shares the ingress' address.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_api_counts_clients_by_the_address_the_ingress_forwards_and_believes_no_one_else(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        Map<String, Object> ingress = Manifests.ofKind(docs, "Ingress").stream()
                .filter(doc -> Manifests.name(doc).equals("api-service")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no Ingress of the api"));
        Map<String, Object> ingressSpec = Manifests.map(ingress.get("spec"));
        assertThat(Manifests.list(ingressSpec.get("tls"))).as("TLS ends at the ingress").isNotEmpty();
        for (Object rule : Manifests.list(ingressSpec.get("rules"))) {
            for (Object path : Manifests.list(Manifests.map(Manifests.map(rule).get("http")).get("paths"))) {
                Map<String, Object> service = Manifests.map(Manifests.map(Manifests.map(path).get("backend")).get("service"));
                assertThat(service.get("name")).isEqualTo("api-service");
                assertThat(Manifests.map(service.get("port")).get("name")).isEqualTo("http");
            }
        }
        Properties api = ServiceConfiguration.of(ROOT, "api-service").properties();
        assertThat(Manifests.map(Manifests.map(ingress.get("metadata")).get("annotations"))
                .get("nginx.ingress.kubernetes.io/proxy-body-size").toString())
                .as("the edge's body limit is the api's").isEqualToIgnoringCase(api.getProperty("quarkus.http.limits.max-body-size"));

        Map<String, Object> deployment = Manifests.ofKind(docs, "Deployment").stream()
                .filter(d -> Manifests.name(d).equals("api-service")).findFirst().orElseThrow();
        Map<String, String> env = Manifests.env(Manifests.containers(deployment).get(0));
        assertThat(env).containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        assertThat(env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES")).as("the trusted proxies").isNotBlank();
        assertThat(env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").split(","))
                .allSatisfy(proxy -> assertThat(proxy.strip()).isNotEmpty().doesNotEndWith("/0"));

        int publicPort = ServiceConfiguration.of(ROOT, "api-service").defaultPort("quarkus.http.port");
        List<Map<String, Object>> openings = new ArrayList<>();
        for (Map<String, Object> policy : Manifests.ofKind(docs, "NetworkPolicy")) {
            Map<String, Object> spec = Manifests.map(policy.get("spec"));
            Object selected = Manifests.map(Manifests.map(spec.get("podSelector")).get("matchLabels"))
                    .get("app.kubernetes.io/name");
            if (!"api-service".equals(selected)) {
                continue;
            }
            for (Object rule : Manifests.list(spec.get("ingress"))) {
                List<Object> ports = Manifests.list(Manifests.map(rule).get("ports"));
                if (ports.isEmpty() || ports.stream().anyMatch(p -> Integer.valueOf(publicPort).equals(Manifests.map(p).get("port")))) {
                    openings.add(Manifests.map(rule));
                }
            }
        }
        assertThat(openings).as("rules opening the api's public port").isNotEmpty().allSatisfy(rule ->
                assertThat(Manifests.list(rule.get("from"))).as("peers of " + rule).isNotEmpty().allSatisfy(peer ->
                        assertThat(Manifests.map(Manifests.map(Manifests.map(peer).get("namespaceSelector"))
                                .get("matchLabels")).get("kubernetes.io/metadata.name")).isEqualTo("ingress-nginx")));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_deployment_spreads_its_replicas_over_nodes_and_zones(String overlay) {
        for (Map<String, Object> deployment : Manifests.ofKind(RenderedOverlays.render(ROOT, overlay), "Deployment")) {
            Map<String, Object> labels = Manifests.map(Manifests.map(Manifests.map(Manifests.map(deployment.get("spec"))
                    .get("template")).get("metadata")).get("labels"));
            Map<String, Map<String, Object>> byKey = new java.util.HashMap<>();
            for (Object constraint : Manifests.list(Manifests.podSpec(deployment).get("topologySpreadConstraints"))) {
                byKey.put(Manifests.map(constraint).get("topologyKey").toString(), Manifests.map(constraint));
            }
            assertThat(byKey).as(overlay + " " + Manifests.name(deployment))
                    .containsKeys("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            byKey.values().forEach(constraint -> {
                assertThat(constraint.get("maxSkew")).isEqualTo(1);
                Map<String, Object> selector = Manifests.map(Manifests.map(constraint.get("labelSelector")).get("matchLabels"));
                assertThat(selector).as("the constraint selects the deployment's own pods")
                        .containsEntry("app.kubernetes.io/name", Manifests.name(deployment));
                assertThat(labels).containsAllEntriesOf(selector);
            });
            // A rule across nodes must not block a drain: cordoned (tainted) nodes do not count as places.
            assertThat(byKey.get("kubernetes.io/hostname")).containsEntry("whenUnsatisfiable", "DoNotSchedule")
                    .containsEntry("nodeTaintsPolicy", "Honor");
        }
    }
}
