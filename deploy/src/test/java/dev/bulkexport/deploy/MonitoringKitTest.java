package dev.bulkexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The alerts and the dashboard name only metrics that the services export, and every alert has a runbook. */
class MonitoringKitTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path KIT = ROOT.resolve("deploy/monitoring");
    private static final Pattern METRIC = Pattern.compile("\\b((?:bulk_export|kafka|http_server)_[a-z0-9_]+)");
    private static final Pattern REGISTERED = Pattern.compile("\"(bulk_export\\.[a-z0-9.]+)\"");
    /** Micrometer's Prometheus names of a meter: a gauge as it is, counters and timers with their suffixes. */
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds_bucket", "_seconds_count",
            "_seconds_sum", "_seconds_max");
    /** Quarkus' binders, on in every service: HTTP server requests, and the Kafka clients' metrics. */
    private static final Set<String> FRAMEWORK = Set.of("http_server_requests_seconds_count",
            "kafka_consumer_fetch_manager_records_lag_max");

    @Test
    void every_metric_of_the_alerts_and_the_dashboard_is_exported() {
        Set<String> named = new HashSet<>();
        alerts().forEach(rule -> named.addAll(metrics(rule.get("expr").toString())));
        dashboardExpressions().forEach(expr -> named.addAll(metrics(expr)));
        assertThat(named).hasSizeGreaterThan(10);
        Set<String> exported = exportedByTheServices();
        assertThat(named).allSatisfy(metric -> assertThat(exported.contains(metric) || FRAMEWORK.contains(metric))
                .as(metric + " is exported").isTrue());
        for (String service : List.of("api-service", "export-worker", "notifier-service")) {
            assertThat(ServiceConfiguration.of(ROOT, service).properties().getProperty("quarkus.micrometer.binder.kafka.enabled"))
                    .as(service + " exports its Kafka clients' metrics").isEqualTo("true");
        }
    }

    @Test
    void the_kit_asks_for_the_alerts_of_issue_19_and_each_has_a_runbook_entry() throws IOException {
        List<String> names = alerts().stream().map(rule -> rule.get("alert").toString()).toList();
        assertThat(names).contains("BulkExportOutboxStuck", "BulkExportConsumerLag", "BulkExportDeadLetters",
                "BulkExportJobFailureRatio", "BulkExportWebhookGiveUps", "BulkExportQueueWaitHigh");
        String operations = Files.readString(ROOT.resolve("docs/operations.md"));
        for (Map<String, Object> rule : alerts()) {
            assertThat(operations).as("runbook of " + rule.get("alert")).contains("#### " + rule.get("alert"));
            assertThat(Manifests.map(rule.get("annotations")).get("runbook").toString())
                    .isEqualTo("docs/operations.md#" + rule.get("alert").toString().toLowerCase());
        }
    }

    @Test
    void the_kit_renders_and_is_valid_against_the_schemas_of_its_kinds() {
        ObjectMapper json = new ObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        List<Map<String, Object>> docs = RenderedOverlays.renderDirectory(KIT);
        assertThat(docs).extracting(doc -> doc.get("kind"))
                .contains("PodMonitor", "PrometheusRule", "ConfigMap");
        for (Map<String, Object> doc : docs) {
            Path schema = ROOT.resolve("deploy/schemas").resolve(doc.get("kind") + ".schema.json");
            assertThat(factory.getSchema(schema.toUri()).validate(json.valueToTree(doc)))
                    .as(doc.get("kind") + " " + Manifests.name(doc)).isEmpty();
        }
    }

    private static List<Map<String, Object>> alerts() {
        List<Map<String, Object>> rules = new ArrayList<>();
        RenderedOverlays.renderDirectory(KIT).stream().filter(doc -> "PrometheusRule".equals(doc.get("kind")))
                .forEach(doc -> Manifests.list(Manifests.map(doc.get("spec")).get("groups")).forEach(group ->
                        Manifests.list(Manifests.map(group).get("rules")).forEach(rule -> rules.add(Manifests.map(rule)))));
        return rules;
    }

    private static List<String> dashboardExpressions() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(KIT.resolve("grafana-dashboard.json").toFile());
            List<String> expressions = new ArrayList<>();
            dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
            return expressions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> metrics(String expression) {
        Set<String> names = new HashSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Every Prometheus name of every meter the services' code registers under bulk_export. */
    private static Set<String> exportedByTheServices() {
        Set<String> names = new HashSet<>();
        for (String module : List.of("api-service", "export-worker", "notifier-service", "messaging-support")) {
            try (Stream<Path> sources = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher matcher = REGISTERED.matcher(Files.readString(source));
                    while (matcher.find()) {
                        String base = matcher.group(1).replace('.', '_');
                        SUFFIXES.forEach(suffix -> names.add(base + suffix));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
