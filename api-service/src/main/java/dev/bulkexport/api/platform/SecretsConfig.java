package dev.bulkexport.api.platform;

import dev.bulkexport.common.config.ServiceSecrets;
import io.smallrye.config.ConfigMapping;

/** The api-service's secrets ({@link ServiceSecrets}). */
@ConfigMapping(prefix = "export.secrets")
public interface SecretsConfig extends ServiceSecrets {
}
