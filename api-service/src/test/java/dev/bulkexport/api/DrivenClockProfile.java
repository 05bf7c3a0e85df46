package dev.bulkexport.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The api without its periodic schedule check: the test calls the check itself, at the moments it sets. */
public class DrivenClockProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("export.schedules.check-interval", "off");
    }
}
