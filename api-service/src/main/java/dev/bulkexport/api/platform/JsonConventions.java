package dev.bulkexport.api.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkexport.common.events.EventCodec;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** HTTP JSON follows the same conventions as the events: snake_case, ISO-8601 dates. */
@Singleton
public class JsonConventions implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        EventCodec.configure(mapper);
    }
}
