package dev.bulkexport.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * What application.properties resolves to in the prod profile (the packaged service), read the way Quarkus reads
 * it, with no environment: the tests themselves run in the test profile and cannot see these values.
 */
class ProductionSettingsTest {

    @Test
    void production_serves_no_swagger_ui_unless_told_to() throws IOException {
        assertThat(prod().getValue("quarkus.swagger-ui.enabled", Boolean.class)).isFalse();
        assertThat(test().getValue("quarkus.swagger-ui.enabled", Boolean.class)).isTrue();
    }

    @Test
    void production_believes_no_forwarded_address_unless_told_to() throws IOException {
        assertThat(prod().getValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class)).isFalse();
        assertThat(prod().getValue("quarkus.http.proxy.allow-forwarded", Boolean.class)).isFalse();
        assertThat(prod().getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class)).isEmpty();
    }

    private static SmallRyeConfig prod() throws IOException {
        return profile("prod");
    }

    private static SmallRyeConfig test() throws IOException {
        return profile("test");
    }

    private static SmallRyeConfig profile(String profile) throws IOException {
        URL properties = ProductionSettingsTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder().withProfile(profile).withSources(new PropertiesConfigSource(properties, 250))
                .build();
    }
}
