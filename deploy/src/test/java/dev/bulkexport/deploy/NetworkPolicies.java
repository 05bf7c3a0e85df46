package dev.bulkexport.deploy;

import java.util.List;
import java.util.Map;

/** Whether the rendered NetworkPolicies let a namespace reach a port of a service's pods. */
final class NetworkPolicies {
    private NetworkPolicies() {
    }

    static boolean allowsFromNamespace(List<Map<String, Object>> docs, String service, String namespace, int port) {
        for (Map<String, Object> policy : Manifests.ofKind(docs, "NetworkPolicy")) {
            Map<String, Object> spec = Manifests.map(policy.get("spec"));
            Map<String, Object> selected = Manifests.map(Manifests.map(spec.get("podSelector")).get("matchLabels"));
            if (!service.equals(selected.get("app.kubernetes.io/name"))) {
                continue;
            }
            for (Object rule : Manifests.list(spec.get("ingress"))) {
                Map<String, Object> ingress = Manifests.map(rule);
                boolean portOpen = Manifests.list(ingress.get("ports")).stream()
                        .anyMatch(p -> Integer.valueOf(port).equals(Manifests.map(p).get("port")));
                boolean fromNamespace = Manifests.list(ingress.get("from")).stream().map(Manifests::map)
                        .anyMatch(peer -> namespace.equals(Manifests.map(Manifests.map(peer.get("namespaceSelector"))
                                .get("matchLabels")).get("kubernetes.io/metadata.name")));
                if (portOpen && fromNamespace) {
                    return true;
                }
            }
        }
        return false;
    }
}
