package dev.bulkexport.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkexport.api.TestAccounts;
import dev.bulkexport.testsupport.KafkaTestResource;
import dev.bulkexport.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one way to api.jobs maps every column: a column added by a migration and not here fails the build. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class JobRowsTest {

    @Test
    void the_job_rows_map_every_column_of_the_jobs_table() throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection connection = TestAccounts.connect();
                ResultSet rows = connection.createStatement().executeQuery("SELECT column_name FROM"
                        + " information_schema.columns WHERE table_schema = 'api' AND table_name = 'jobs'"
                        + " ORDER BY ordinal_position")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        assertThat(JobRows.COLUMNS).containsExactlyInAnyOrderElementsOf(columns);
    }
}
