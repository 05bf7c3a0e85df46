package dev.bulkexport.api.platform;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a request body into its record, or refuses it with a 400 naming the member and the rule: the body must be
 * one JSON object of known members, each of its member's JSON type (no coercion: {@code "7"} is no integer and
 * {@code 7} no string), then each member's value must keep the Bean Validation constraints of its record component.
 * Rules across members are the caller's (each body has its validator).
 */
@ApplicationScoped
public class RequestBodies {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final ObjectMapper mapper;
    private final Validator validator;

    RequestBodies(ObjectMapper mapper, Validator validator) {
        this.mapper = strict(mapper.copy());
        this.validator = validator;
    }

    /**
     * The body as a {@code type}. {@code quoteParser}: whether the 400 of invalid JSON may carry the parser's message,
     * which can quote the body (never for a body holding a secret).
     */
    public <T extends Record> T read(String body, Class<T> type, boolean quoteParser) {
        return bind(object(body, quoteParser), type);
    }

    /** The body as one JSON object, for a body that is read in parts (a schedule's members and its job options). */
    public JsonNode object(String body, boolean quoteParser) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("Request body must be a JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("Request body is not valid JSON" + (quoteParser ? ": " + e.getOriginalMessage()
                    : ""));
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.badRequest("Request body must be a JSON object");
        }
        return root;
    }

    /** A JSON object as a {@code type}, its members and constraints checked as {@link #read} checks them. */
    public <T extends Record> T bind(JsonNode object, Class<T> type) {
        requireTextualEnums(object, type);
        T value;
        try {
            value = mapper.treeToValue(object, type);
        } catch (UnrecognizedPropertyException e) {
            Set<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
            throw ApiProblem.badRequest("Unknown field '" + e.getPropertyName() + "'; allowed fields are " + known);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(wrongType(type, e));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            List<String> order = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
            // The first member's in record order, and for one member "is required" before its other rules.
            ConstraintViolation<T> first = violations.stream().min(Comparator
                    .comparingInt((ConstraintViolation<T> v) -> order.indexOf(root(v.getPropertyPath())))
                    .thenComparing(v -> v.getPropertyPath().toString())
                    .thenComparing(v -> !(v.getConstraintDescriptor().getAnnotation() instanceof NotNull)))
                    .orElseThrow();
            throw ApiProblem.badRequest(member(first.getPropertyPath()) + " " + first.getMessage());
        }
        return value;
    }

    /** The 400 of a member whose JSON type is wrong, or whose value its type cannot take. */
    private static String wrongType(Class<?> type, JsonProcessingException e) {
        // An enum's own refusal names the member and its values ("report_type must be one of ...").
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException refused) {
            return refused.getMessage();
        }
        List<JsonMappingException.Reference> path = e instanceof JsonMappingException mapping ? mapping.getPath()
                : List.of();
        if (path.isEmpty() || path.get(0).getFieldName() == null) {
            return "Request body must be a JSON object of the documented members";
        }
        String name = path.get(0).getFieldName();
        RecordComponent component = Arrays.stream(type.getRecordComponents())
                .filter(c -> SNAKE.translate(c.getName()).equals(name)).findFirst().orElse(null);
        MemberRule rule = component == null ? null : component.getAccessor().getAnnotation(MemberRule.class);
        boolean element = path.size() > 1 && path.get(1).getIndex() >= 0;
        if (element && rule != null && !rule.element().isEmpty()) {
            return name + "[" + path.get(1).getIndex() + "] must be " + rule.element();
        }
        return name + " must be " + (rule != null ? rule.value() : "a string");
    }

    /** An enum member's value is a string: Jackson would read {@code 7} as {@code "7"} and name the wrong rule. */
    private static void requireTextualEnums(JsonNode object, Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = SNAKE.translate(component.getName());
            JsonNode value = object.get(name);
            if (component.getType().isEnum() && value != null && !value.isNull() && !value.isTextual()) {
                throw ApiProblem.badRequest(name + " must be a string");
            }
        }
    }

    private static String root(Path path) {
        return path.iterator().next().getName();
    }

    /** {@code propertyIds[1].<list element>} as the body names it: {@code property_ids[1]}. */
    private static String member(Path path) {
        StringBuilder name = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getName() != null && !node.getName().startsWith("<")) {
                name.append(name.isEmpty() ? "" : ".").append(SNAKE.translate(node.getName()));
            }
            if (node.getIndex() != null) {
                name.append('[').append(node.getIndex()).append(']');
            }
        }
        return name.toString();
    }

    /** Members of their own JSON type only; unknown members refused; dates as YYYY-MM-DD and nothing else. */
    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        for (LogicalType scalar : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Enum)) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.Integer, scalar == LogicalType.Integer || scalar == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, scalar == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, scalar == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, scalar == LogicalType.Textual || scalar == LogicalType.Enum
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        return mapper;
    }
}
