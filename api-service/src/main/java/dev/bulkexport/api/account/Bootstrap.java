package dev.bulkexport.api.account;


import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Registers the configured bootstrap key at start-up (the local run's demo key). */
@Singleton
public class Bootstrap {

    void onStart(@Observes StartupEvent event, ApiKeyService apiKeys, AccountConfig config) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> apiKeys.ensureBootstrapKey(config.bootstrap()));
    }
}
