package dev.bulkexport.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The wire form of events: JSON, snake_case members, ISO-8601 dates, unknown members ignored. */
public final class EventCodec {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private EventCodec() {
    }

    /** Applies the wire conventions to a mapper; services use it for their HTTP JSON too. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    public static String encode(JobEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    /** @throws MalformedEventException when the payload is not a known, well-formed event */
    public static JobEvent decode(String json) {
        try {
            return MAPPER.readValue(json, JobEvent.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    /** A record that no reader can understand: a poison message, never retried. */
    public static final class MalformedEventException extends RuntimeException {
        MalformedEventException(String message) {
            super(message);
        }
    }
}
