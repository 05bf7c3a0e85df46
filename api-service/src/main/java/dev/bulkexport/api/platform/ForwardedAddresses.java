package dev.bulkexport.api.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when client addresses would be taken from X-Forwarded-For sent by anyone: Quarkus trusts
 * every peer when {@code quarkus.http.proxy.proxy-address-forwarding} is on and
 * {@code quarkus.http.proxy.trusted-proxies} is unset, and a client could then spend another client's budget of
 * refused requests (or escape its own) by naming any address.
 */
@Singleton
public class ForwardedAddresses {

    private final boolean forwarding;
    private final Optional<List<String>> trustedProxies;

    ForwardedAddresses(@ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding") boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trustedProxies) {
        this.forwarding = forwarding;
        this.trustedProxies = trustedProxies;
    }

    void onStart(@Observes StartupEvent event) {
        check(forwarding, trustedProxies.orElse(List.of()));
    }

    /** @throws IllegalStateException when forwarding is on without a trusted proxy, or trusts every address */
    public static void check(boolean forwarding, List<String> trustedProxies) {
        if (!forwarding) {
            return;
        }
        List<String> named = trustedProxies.stream().map(String::strip).filter(proxy -> !proxy.isEmpty()).toList();
        if (named.isEmpty()) {
            throw new IllegalStateException("quarkus.http.proxy.proxy-address-forwarding is on but"
                    + " quarkus.http.proxy.trusted-proxies (QUARKUS_HTTP_PROXY_TRUSTED_PROXIES) names no proxy:"
                    + " every peer could choose its client address; list the proxies' addresses or CIDRs");
        }
        for (String proxy : named) {
            if (proxy.endsWith("/0")) {
                throw new IllegalStateException("quarkus.http.proxy.trusted-proxies must not trust every address ("
                        + proxy + "); list the proxies' addresses or CIDRs");
            }
        }
    }
}
