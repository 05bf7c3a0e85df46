package dev.bulkexport.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the API is and which key to use, from the first of: the flags, the environment
 * ({@code BULK_EXPORT_URL}, {@code BULK_EXPORT_API_KEY}), the profile file ({@code BULK_EXPORT_PROFILE_FILE},
 * default {@code ~/.config/bulk-export/profiles.properties}, keys {@code <profile>.url} and
 * {@code <profile>.api_key}), then the local run's URL.
 */
public record Connection(URI url, String apiKey) {
    public static final String URL_ENV = "BULK_EXPORT_URL";
    public static final String KEY_ENV = "BULK_EXPORT_API_KEY";
    public static final String PROFILE_FILE_ENV = "BULK_EXPORT_PROFILE_FILE";
    static final String LOCAL_RUN = "http://127.0.0.1:8080";

    /** Thrown when no API key is configured anywhere. */
    public static final class MissingKeyException extends RuntimeException {
        MissingKeyException(String message) {
            super(message);
        }
    }

    public static Connection resolve(String urlFlag, String keyFlag, String profile, Map<String, String> env) {
        Properties profiles = profiles(env);
        String prefix = (profile == null ? "default" : profile) + ".";
        String url = first(urlFlag, env.get(URL_ENV), profiles.getProperty(prefix + "url"), LOCAL_RUN);
        String key = first(keyFlag, env.get(KEY_ENV), profiles.getProperty(prefix + "api_key"), null);
        if (key == null || key.isBlank()) {
            throw new MissingKeyException("no API key: pass --api-key, set " + KEY_ENV + " or add " + prefix
                    + "api_key to " + profileFile(env));
        }
        return new Connection(URI.create(url), key.strip());
    }

    static Path profileFile(Map<String, String> env) {
        String configured = env.get(PROFILE_FILE_ENV);
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".config", "bulk-export", "profiles.properties");
    }

    private static Properties profiles(Map<String, String> env) {
        Properties properties = new Properties();
        Path file = profileFile(env);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return properties;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
