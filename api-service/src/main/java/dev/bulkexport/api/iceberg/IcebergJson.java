package dev.bulkexport.api.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;

/**
 * The REST catalog's answers as Iceberg writes them: its own serializers (RESTSerializers) on a mapper set up as
 * Iceberg's client reads it (kebab-case members), apart from the API's snake_case mapper. Errors are the REST
 * spec's ErrorResponse, never with a stack.
 */
final class IcebergJson {
    private static final ObjectMapper MAPPER = mapper();

    private IcebergJson() {
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
        RESTSerializers.registerAll(mapper);
        return mapper;
    }

    /** A 200 with the response object as JSON. */
    static Response ok(Object body) {
        try {
            return Response.ok(MAPPER.writeValueAsString(body), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
        }
    }

    /** The spec's error body of {@code code}, {@code type} (the name of Iceberg's exception) and message. */
    static Response error(int code, String type, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(errorBody(code, type, message))
                .build();
    }

    static String errorBody(int code, String type, String message) {
        return ErrorResponseParser.toJson(ErrorResponse.builder().responseCode(code).withType(type)
                .withMessage(message).build());
    }
}
