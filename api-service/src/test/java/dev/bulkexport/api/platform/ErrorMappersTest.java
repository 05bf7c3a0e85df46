package dev.bulkexport.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMappersTest {
    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void an_unreachable_database_is_a_503_with_retry_after_not_a_500() {
        var refused = mappers.unexpected(new CompletionException(new ConnectException("Connection refused")));
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(mappers.unexpected(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null)).getStatus()).isEqualTo(503);
        assertThat(mappers.unexpected(new VertxException("Connection is closed", true)).getStatus()).isEqualTo(503);
    }

    @Test
    void other_failures_stay_500() {
        assertThat(mappers.unexpected(new IllegalStateException("bug")).getStatus()).isEqualTo(500);
        assertThat(mappers.unexpected(new PgException("duplicate key", "ERROR", "23505", null)).getStatus())
                .isEqualTo(500);
    }
}
