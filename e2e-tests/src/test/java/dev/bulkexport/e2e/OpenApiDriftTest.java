package dev.bulkexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.testsupport.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml is the document the api-service build generates (annotations merged with
 * META-INF/openapi.yaml, written to api-service/target/openapi/): clients are generated from the committed
 * file, so it must never drift from what the service serves.
 */
class OpenApiDriftTest {
    private static final String UPDATE = "cp api-service/target/openapi/openapi.yaml docs/openapi.yaml";

    @Test
    void the_committed_openapi_document_is_the_one_the_build_generates() throws Exception {
        Path root = ProjectLayout.root();
        Path generated = root.resolve("api-service/target/openapi/openapi.yaml");
        assertThat(generated).as("built by the api-service package phase").isRegularFile();
        List<String> expected = Files.readAllLines(generated);
        List<String> committed = Files.readAllLines(root.resolve("docs/openapi.yaml"));
        int first = firstDifference(expected, committed);
        assertThat(first).as("docs/openapi.yaml differs from the generated document from line %d:%n"
                + "  generated: %s%n  committed: %s%nReview the API change, then: %s", first + 1,
                line(expected, first), line(committed, first), UPDATE).isEqualTo(-1);
    }

    @Test
    void the_committed_document_covers_the_public_and_the_admin_api_with_their_servers_and_errors()
            throws Exception {
        String document = Files.readString(ProjectLayout.root().resolve("docs/openapi.yaml"));
        assertThat(document).contains("/api/v1/bulk_api/jobs:", "/api/v1/bulk_api/jobs/{job_id}/results:",
                "/api/v1/properties/lookup:", "/admin/v1/accounts:", "/admin/v1/accounts/{account_id}/keys:",
                "/admin/v1/keys/{key_id}:", "url: http://127.0.0.1:8080", "url: http://127.0.0.1:9080",
                "adminToken", "application/problem+json");
        for (String status : List.of("400", "401", "403", "404", "409", "415", "429")) {
            assertThat(document).as("an error response %s", status).contains("\"" + status + "\":");
        }
    }

    private static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (!line(a, i).equals(line(b, i))) {
                return i;
            }
        }
        return -1;
    }

    private static String line(List<String> lines, int index) {
        return index >= 0 && index < lines.size() ? lines.get(index) : "<end of file>";
    }
}
