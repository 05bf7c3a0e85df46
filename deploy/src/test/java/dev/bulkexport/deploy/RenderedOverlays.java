package dev.bulkexport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/** What {@code kubectl kustomize} makes of an overlay: the documents a cluster would get, offline. */
final class RenderedOverlays {
    static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final Map<Path, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private RenderedOverlays() {
    }

    /** The overlay's documents, rendered once per test run. */
    static List<Map<String, Object>> render(Path root, String overlay) {
        return renderDirectory(root.resolve("deploy/overlays").resolve(overlay));
    }

    /** Any kustomization's documents (deploy/monitoring, say), rendered once per test run. */
    static List<Map<String, Object>> renderDirectory(Path dir) {
        return RENDERED.computeIfAbsent(dir, RenderedOverlays::kustomize);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kustomize(Path dir) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render " + dir
                    + " (kubectl kustomize, offline); install it, e.g. apt-get install -y kubectl", e);
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            List<Map<String, Object>> docs = new ArrayList<>();
            new Yaml().loadAll(out).forEach(doc -> {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            });
            return List.copyOf(docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
