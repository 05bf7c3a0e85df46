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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods each path of the public API answers, read once from the resource classes' annotations: the one
 * source of the {@code Allow} header of a 405 and of the answer to OPTIONS.
 */
@Singleton
public class RouteTable {
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

    private final List<Route> routes;

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
        this.routes = List.copyOf(found);
    }

    /**
     * The methods allowed on {@code path}, with HEAD beside GET and OPTIONS always; empty when no route matches.
     * As JAX-RS selects, only the templates that match with the most literal characters count, so
     * {@code /jobs/quota_impact} is POST only although {@code /jobs/{job_id}} would match it too.
     */
    public Set<String> allowed(String path) {
        List<Route> matching = routes.stream().filter(route -> route.pattern().matcher(path).matches()).toList();
        if (matching.isEmpty()) {
            return Set.of();
        }
        Route best = matching.stream().max(Comparator.comparingInt(Route::literalLength)).orElseThrow();
        Set<String> methods = new TreeSet<>();
        matching.stream().filter(route -> route.template().equals(best.template()))
                .forEach(route -> methods.add(route.method()));
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return methods;
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
