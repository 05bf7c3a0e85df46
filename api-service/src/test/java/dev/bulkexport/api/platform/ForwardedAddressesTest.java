package dev.bulkexport.api.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedAddressesTest {

    @Test
    void forwarding_without_a_trusted_proxy_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> ForwardedAddresses.check(true, List.of()))
                .hasMessageContaining("quarkus.http.proxy.trusted-proxies");
        assertThatThrownBy(() -> ForwardedAddresses.check(true, List.of(" ")))
                .hasMessageContaining("names no proxy");
        assertThatThrownBy(() -> ForwardedAddresses.check(true, List.of("10.0.0.0/8", "0.0.0.0/0")))
                .hasMessageContaining("0.0.0.0/0");
    }

    @Test
    void forwarding_from_named_proxies_or_no_forwarding_starts() {
        assertThatCode(() -> ForwardedAddresses.check(true, List.of("10.244.0.0/16"))).doesNotThrowAnyException();
        assertThatCode(() -> ForwardedAddresses.check(false, List.of())).doesNotThrowAnyException();
    }
}
