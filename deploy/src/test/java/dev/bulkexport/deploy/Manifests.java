package dev.bulkexport.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading rendered Kubernetes documents: kinds, names, pod specs, and who owns a Deployment's replicas. */
final class Manifests {
    private Manifests() {
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
    }

    static String name(Map<String, Object> doc) {
        return map(doc.get("metadata")).get("name").toString();
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(podSpec(deployment).get("containers")).stream().map(Manifests::map).toList();
    }

    /** The container's literal environment variables. */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        list(container.get("env")).stream().map(Manifests::map).filter(var -> var.containsKey("value"))
                .forEach(var -> env.put(var.get("name").toString(), var.get("value").toString()));
        return env;
    }

    /** Deployments whose replicas an HPA or a KEDA ScaledObject sets. */
    static List<String> autoscaledDeployments(List<Map<String, Object>> docs) {
        return docs.stream().filter(doc -> "HorizontalPodAutoscaler".equals(doc.get("kind"))
                        || "ScaledObject".equals(doc.get("kind")))
                .map(doc -> map(map(doc.get("spec")).get("scaleTargetRef")).get("name").toString()).toList();
    }

    static int maxReplicas(List<Map<String, Object>> docs, Map<String, Object> deployment) {
        return replicas(docs, deployment, "maxReplicas", "maxReplicaCount");
    }

    static int minReplicas(List<Map<String, Object>> docs, Map<String, Object> deployment) {
        return replicas(docs, deployment, "minReplicas", "minReplicaCount");
    }

    private static int replicas(List<Map<String, Object>> docs, Map<String, Object> deployment, String hpaKey,
            String kedaKey) {
        for (Map<String, Object> doc : docs) {
            Map<String, Object> spec = map(doc.get("spec"));
            if (spec.containsKey("scaleTargetRef")
                    && name(deployment).equals(map(spec.get("scaleTargetRef")).get("name"))) {
                return (Integer) spec.getOrDefault(hpaKey, spec.getOrDefault(kedaKey, 1));
            }
        }
        return (Integer) map(deployment.get("spec")).getOrDefault("replicas", 1);
    }

    /** A memory quantity such as 768Mi or 1Gi in MiB. */
    static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        throw new IllegalArgumentException("write memory in Mi or Gi: " + quantity);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
