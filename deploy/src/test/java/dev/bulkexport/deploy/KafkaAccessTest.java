package dev.bulkexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every Kafka client of the deployment signs in on the authenticated listener as a KafkaUser of its own: the
 * services with SCRAM-SHA-512 over TLS, KEDA through its TriggerAuthentication. (What each user may do is what the
 * end-to-end tests run with: test-support KafkaUsers grants the manifests' ACLs on an authenticating broker.)
 */
class KafkaAccessTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;
    private static final List<String> SERVICES = List.of("api-service", "export-worker", "notifier-service");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void each_service_signs_in_over_tls_as_the_kafka_user_of_its_name(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        Set<String> users = scramUsers(docs);
        Map<String, Object> config = Manifests.map(Manifests.ofKind(docs, "ConfigMap").stream()
                .filter(doc -> Manifests.name(doc).equals("bulk-export-config")).findFirst().orElseThrow().get("data"));
        assertThat(config.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(config.get("KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
        assertThat(config.get("KAFKA_BOOTSTRAP_SERVERS").toString()).endsWith(":9093");
        for (Map<String, Object> deployment : Manifests.ofKind(docs, "Deployment")) {
            String service = Manifests.name(deployment);
            assertThat(SERVICES).contains(service);
            Map<String, Object> container = Manifests.containers(deployment).get(0);
            Map<String, Object> jaas = Manifests.list(container.get("env")).stream().map(Manifests::map)
                    .filter(var -> "KAFKA_SASL_JAAS_CONFIG".equals(var.get("name"))).findFirst().orElseThrow();
            Map<String, Object> ref = Manifests.map(Manifests.map(jaas.get("valueFrom")).get("secretKeyRef"));
            assertThat(ref).as(service).containsEntry("name", service).containsEntry("key", "sasl.jaas.config");
            assertThat(users).as("a SCRAM KafkaUser " + service).contains(service);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void keda_reads_the_lag_as_a_kafka_user_of_its_own(String overlay) {
        List<Map<String, Object>> docs = RenderedOverlays.render(ROOT, overlay);
        Map<String, Object> trigger = Manifests.map(Manifests.list(Manifests.map(
                Manifests.ofKind(docs, "ScaledObject").get(0).get("spec")).get("triggers")).get(0));
        assertThat(Manifests.map(trigger.get("metadata"))).containsEntry("sasl", "scram_sha512")
                .containsEntry("tls", "enable");
        String authentication = Manifests.map(trigger.get("authenticationRef")).get("name").toString();
        Map<String, Object> spec = Manifests.map(Manifests.ofKind(docs, "TriggerAuthentication").stream()
                .filter(doc -> Manifests.name(doc).equals(authentication)).findFirst().orElseThrow().get("spec"));
        Map<String, Object> username = parameter(spec.get("configMapTargetRef"), "username");
        String user = Manifests.map(Manifests.ofKind(docs, "ConfigMap").stream()
                .filter(doc -> Manifests.name(doc).equals(username.get("name"))).findFirst().orElseThrow()
                .get("data")).get(username.get("key").toString()).toString();
        assertThat(scramUsers(docs)).contains(user);
        assertThat(parameter(spec.get("secretTargetRef"), "password")).containsEntry("name", user);
    }

    private static Map<String, Object> parameter(Object refs, String parameter) {
        return Manifests.list(refs).stream().map(Manifests::map).filter(ref -> parameter.equals(ref.get("parameter")))
                .findFirst().orElseThrow();
    }

    private static Set<String> scramUsers(List<Map<String, Object>> docs) {
        return Manifests.ofKind(docs, "KafkaUser").stream()
                .filter(doc -> "scram-sha-512".equals(Manifests.map(Manifests.map(doc.get("spec")).get("authentication"))
                        .get("type")))
                .map(Manifests::name).collect(Collectors.toSet());
    }
}
