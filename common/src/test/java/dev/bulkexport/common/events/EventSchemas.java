package dev.bulkexport.common.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** JSON Schemas (draft 2020-12) of the event records, derived from their components. */
final class EventSchemas {
    /** Members every event has; all else is optional, as events evolve by adding optional members. */
    static final Set<String> REQUIRED = Set.of("type", "event_id", "occurred_at", "schema_version", "job_id",
            "account_id");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
            new PropertyNamingStrategies.SnakeCaseStrategy();
    private static final ObjectMapper MAPPER = EventCodec.configure(new ObjectMapper());

    private EventSchemas() {
    }

    static ObjectNode of(Class<? extends JobEvent> type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://bulk-export.dev/events/" + type.getSimpleName() + ".schema.json");
        schema.put("title", type.getSimpleName());
        schema.put("type", "object");
        ObjectNode properties = JSON.objectNode();
        properties.set("type", JSON.objectNode().put("const", type.getSimpleName()));
        for (RecordComponent component : members(type)) {
            String name = SNAKE.translate(component.getName());
            ObjectNode member = schemaOf(component.getGenericType());
            if (REQUIRED.contains(name) && member.get("type").isArray()) {
                member.put("type", member.get("type").get(0).asText());  // required members are never null
            }
            properties.set(name, member);
        }
        schema.set("properties", properties);
        ArrayNode required = schema.putArray("required");
        properties.fieldNames().forEachRemaining(name -> {
            if (REQUIRED.contains(name)) {
                required.add(name);
            }
        });
        schema.put("additionalProperties", true);
        return schema;
    }

    private static ObjectNode schemaOf(Type type) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            // A list is null when left out (a job's fields, the files of a shard to build), like every other
            // reference type of the records: the events put it on the wire as null.
            ObjectNode array = typed("array", true);
            array.set("items", schemaOf(list.getActualTypeArguments()[0]));
            return array;
        }
        Class<?> raw = (Class<?>) type;
        if (raw == int.class || raw == long.class) {
            return JSON.objectNode().put("type", "integer");
        }
        if (raw == Integer.class || raw == Long.class) {
            return typed("integer", true);
        }
        if (raw == boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (raw == Boolean.class) {
            return typed("boolean", true);
        }
        if (raw == String.class) {
            return typed("string", true);
        }
        if (raw == UUID.class) {
            return typed("string", true).put("format", "uuid");
        }
        if (raw == Instant.class) {
            return typed("string", true).put("format", "date-time");
        }
        if (raw == LocalDate.class) {
            return typed("string", true).put("format", "date");
        }
        if (raw.isEnum()) {
            ObjectNode schema = typed("string", true);
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(MAPPER.valueToTree(constant).asText());
            }
            values.addNull();
            return schema;
        }
        if (raw.isRecord()) {
            ObjectNode object = typed("object", true);
            ObjectNode properties = object.putObject("properties");
            for (RecordComponent component : members(raw)) {
                properties.set(SNAKE.translate(component.getName()), schemaOf(component.getGenericType()));
            }
            return object;
        }
        throw new IllegalArgumentException("no schema for " + type);
    }

    /** The record's components as members, those of an {@code @JsonUnwrapped} component in its place. */
    private static List<RecordComponent> members(Class<?> record) {
        List<RecordComponent> members = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                members.addAll(members(component.getType()));
            } else {
                members.add(component);
            }
        }
        return members;
    }

    /** A reference type: the value may be null. */
    private static ObjectNode typed(String type, boolean nullable) {
        ObjectNode schema = JSON.objectNode();
        if (nullable) {
            schema.putArray("type").add(type).add("null");
        } else {
            schema.put("type", type);
        }
        return schema;
    }
}
