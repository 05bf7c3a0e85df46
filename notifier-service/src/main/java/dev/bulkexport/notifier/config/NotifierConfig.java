package dev.bulkexport.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the notifier, under {@code notifier.}. */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /** Public base URL of the API, for the {@code results_url} of a notification. */
    @WithDefault("http://localhost:8080")
    String apiBaseUrl();

    /** How long one callback request may take before it counts as failed. */
    @WithDefault("15s")
    Duration requestTimeout();
}
