package dev.bulkexport.api.platform;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The methods each path of the public API answers, read once from the resource classes' annotations: the one
 * source of the {@code Allow} header of a 405 and of the answer to OPTIONS.
 */
@Singleton
public class RouteTable {
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

    /** The routes by the number of '/' in their template: a path is matched against those of its own number only. */
    private final Map<Integer, List<Route>> bySlashes;
    /** What each template allows: its routes' methods, HEAD beside GET, and OPTIONS. */
    private final Map<String, Set<String>> allowedByTemplate;

    RouteTable(BeanManager beans) {
        List<Route> found = new ArrayList<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path root = bean.getBeanClass().getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : bean.getBeanClass().getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod != null) {
                    Path sub = method.getAnnotation(Path.class);
                    found.add(Route.of(join(root.value(), sub == null ? "" : sub.value()), httpMethod));
                }
            }
        }
        this.bySlashes = found.stream().collect(Collectors.groupingBy(route -> slashes(route.template()),
                Collectors.toUnmodifiableList()));
        Map<String, Set<String>> allowed = new HashMap<>();
        for (Route route : found) {
            allowed.computeIfAbsent(route.template(), template -> new TreeSet<>()).add(route.method());
        }
        allowed.values().forEach(methods -> {
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
        });
        allowed.replaceAll((template, methods) -> Collections.unmodifiableSet(methods));
        this.allowedByTemplate = Map.copyOf(allowed);
    }

    /**
     * The methods allowed on {@code path}, with HEAD beside GET and OPTIONS always; empty when no route matches.
     * As JAX-RS selects, only the templates that match with the most literal characters count, so
     * {@code /jobs/quota_impact} is POST only although {@code /jobs/{job_id}} would match it too.
     */
    public Set<String> allowed(String path) {
        // Called on every request: only the routes that can match are tried, the longest literal first wins.
        Route best = null;
        for (Route route : bySlashes.getOrDefault(slashes(path), List.of())) {
            if ((best == null || route.literalLength() > best.literalLength()) && route.pattern().matcher(path).matches()) {
                best = route;
            }
        }
        return best == null ? Set.of() : allowedByTemplate.get(best.template());
    }

    /** The '/' of a path but a trailing one, which a route's pattern allows; a template has none. */
    private static int slashes(String path) {
        int end = path.length() > 1 && path.endsWith("/") ? path.length() - 1 : path.length();
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private record Route(String template, Pattern pattern, int literalLength, String method) {
        static Route of(String template, String method) {
            StringBuilder regex = new StringBuilder();
            Matcher parameters = PARAMETER.matcher(template);
            int literal = 0;
            int at = 0;
            while (parameters.find()) {
                regex.append(Pattern.quote(template.substring(at, parameters.start()))).append("[^/]+");
                literal += parameters.start() - at;
                at = parameters.end();
            }
            regex.append(Pattern.quote(template.substring(at))).append("/?");
            literal += template.length() - at;
            return new Route(template.replaceAll("\\{[^}]+}", "{}"), Pattern.compile(regex.toString()), literal,
                    method);
        }
    }
}
