package dev.bulkexport.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every REST Assured call of every {@code @QuarkusTest} to the public or the admin API is checked against the
 * committed contract, docs/openapi.yaml: each answer against the operation's responses (its status must be
 * declared, its body must fit), and each request the server accepted against the operation's parameters and
 * body. A request the server refused is not checked: tests send invalid ones on purpose, and their answers are.
 * Drift between the document and the server fails the test that sees it. Installed once per application class
 * loader (QuarkusTestBeforeClassCallback, so the RestAssured the tests use is the one filtered).
 */
public class OpenApiValidation implements QuarkusTestBeforeClassCallback {
    static final Path CONTRACT = Path.of("..", "docs", "openapi.yaml");
    private static boolean installed;

    @Override
    public void beforeClass(Class<?> testClass) {
        synchronized (OpenApiValidation.class) {
            if (!installed) {
                RestAssured.filters(new ContractFilter(validator()));
                installed = true;
            }
        }
    }

    static OpenApiInteractionValidator validator() {
        try {
            // REST Assured adds the Authorization of auth().oauth2() after the filters, so the filter never sees it:
            // whether a key is needed is the auth tests' (UnauthenticatedRequestsTest), not the contract check's.
            return OpenApiInteractionValidator.createForInlineApiSpecification(Files.readString(CONTRACT))
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                            // Bodies of GETs, which the server ignores, are the request tests' own doing.
                            .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + CONTRACT.toAbsolutePath(), e);
        }
    }

    /**
     * A request without a body as a client sends it: REST Assured gives every POST a form Content-Type, which no
     * client sends without a body.
     */
    private record WithoutBody(Request request) implements Request {
        @Override
        public String getPath() {
            return request.getPath();
        }

        @Override
        public Method getMethod() {
            return request.getMethod();
        }

        @Override
        public Optional<String> getBody() {
            return Optional.empty();
        }

        @Override
        public Optional<Body> getRequestBody() {
            return Optional.empty();
        }

        @Override
        public Collection<String> getQueryParameters() {
            return request.getQueryParameters();
        }

        @Override
        public Collection<String> getQueryParameterValues(String name) {
            return request.getQueryParameterValues(name);
        }

        @Override
        public Map<String, Collection<String>> getHeaders() {
            Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(request.getHeaders());
            headers.remove("Content-Type");
            return headers;
        }

        @Override
        public Collection<String> getHeaderValues(String name) {
            return "Content-Type".equalsIgnoreCase(name) ? List.of() : request.getHeaderValues(name);
        }
    }

    private record ContractFilter(OpenApiInteractionValidator validator) implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                FilterContext context) {
            Response response = context.next(request, responseSpec);
            Request checked = RestAssuredRequest.of(request);
            String path = checked.getPath();
            boolean publicPort = request.getPort() == RestAssured.port;
            if (!(path.startsWith("/api/") && publicPort) && !(path.startsWith("/admin/") && !publicPort)) {
                return response;
            }
            int status = response.statusCode();
            // A method no operation has (405, OPTIONS) is HttpMethodsTest's; HEAD is GET without a body.
            if (status == 405 || checked.getMethod() == Request.Method.OPTIONS
                    || checked.getMethod() == Request.Method.HEAD) {
                return response;
            }
            ValidationReport report = validator.validateResponse(path, checked.getMethod(),
                    RestAssuredResponse.of(response));
            if (status < 400) {
                report = report.merge(validator.validateRequest(
                        checked.getRequestBody().isPresent() ? checked : new WithoutBody(checked)));
            }
            // A path of no operation answering 404 is the server agreeing with the document.
            List<ValidationReport.Message> errors = report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .filter(message -> !(status == 404 && message.getKey().equals("validation.request.path.missing")))
                    // The validator reads ?per_page= as a missing parameter despite allowEmptyValue; the server
                    // reads it as absent, as the document says.
                    .filter(message -> !(message.getKey().equals("validation.request.parameter.missing")
                            && checked.getQueryParameters().stream()
                                    .anyMatch(name -> checked.getQueryParameterValues(name).contains(""))))
                    .toList();
            if (!errors.isEmpty()) {
                throw new AssertionError("docs/openapi.yaml does not describe " + checked.getMethod() + " " + path
                        + " answered " + status + " " + response.asString() + ":\n"
                        + errors.stream().map(Object::toString).reduce((a, b) -> a + "\n" + b)
                                .orElse(""));
            }
            return response;
        }
    }
}
