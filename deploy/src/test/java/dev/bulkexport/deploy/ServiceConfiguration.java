package dev.bulkexport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a service's application.properties accepts from the environment, and its port defaults. */
record ServiceConfiguration(String module, Properties properties, Set<String> environmentVariables) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    static ServiceConfiguration of(Path root, String module) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(root.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> variables = new HashSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                variables.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));  // Quarkus' own mapping
            }
            Matcher placeholder = PLACEHOLDER.matcher(properties.getProperty(key));
            while (placeholder.find()) {
                variables.add(placeholder.group(1));
            }
        }
        return new ServiceConfiguration(module, properties, variables);
    }

    boolean accepts(String variable) {
        return environmentVariables.contains(variable);
    }

    /** The default of a property written as ${VARIABLE:default}. */
    int defaultPort(String key) {
        Matcher placeholder = PLACEHOLDER.matcher(properties.getProperty(key));
        if (!placeholder.find()) {
            throw new IllegalStateException(module + ": " + key + " has no ${VAR:default}");
        }
        return Integer.parseInt(placeholder.group(2));
    }
}
