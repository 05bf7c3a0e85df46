package dev.bulkexport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed contract is a valid OpenAPI document (swagger-parser's validation, with every reference
 * resolved), and states what clients rely on: a schema for every header, an example for every problem answer,
 * and on every public operation the answers any request can get (401, 429, 503).
 */
class OpenApiDocumentTest {
    private static final List<String> EVERY_PUBLIC_OPERATION = List.of("401", "429", "503");

    @Test
    void the_committed_document_is_valid_openapi_and_states_every_answer_with_its_example() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser()
                .readContents(Files.readString(OpenApiValidation.CONTRACT), null, options);
        assertThat(result.getMessages()).isEmpty();
        OpenAPI document = result.getOpenAPI();
        assertThat(document.getOpenapi()).isEqualTo("3.0.3");

        List<String> missing = new ArrayList<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (path.startsWith("/api/")) {
                EVERY_PUBLIC_OPERATION.stream().filter(code -> !operation.getResponses().containsKey(code))
                        .forEach(code -> missing.add(name + ": no " + code));
            }
            operation.getResponses().forEach((code, response) -> {
                var resolved = response.get$ref() == null ? response : document.getComponents().getResponses()
                        .get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
                if (resolved.getHeaders() != null) {
                    resolved.getHeaders().forEach((header, value) -> {
                        if (value.getSchema() == null && value.getContent() == null) {
                            missing.add(name + " " + code + ": header " + header + " without a schema");
                        }
                    });
                }
                MediaType problem = resolved.getContent() == null ? null
                        : resolved.getContent().get("application/problem+json");
                if (code.startsWith("4") || code.startsWith("5")) {
                    if (problem == null) {
                        missing.add(name + " " + code + ": not a problem body");
                    } else if (problem.getExample() == null
                            && (problem.getExamples() == null || problem.getExamples().isEmpty())) {
                        missing.add(name + " " + code + ": no example");
                    }
                }
            });
        }));
        assertThat(missing).isEmpty();
    }
}
