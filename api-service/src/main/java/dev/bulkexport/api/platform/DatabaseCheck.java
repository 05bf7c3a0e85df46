package dev.bulkexport.api.platform;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether PostgreSQL answers, for operators and alerts ({@code /q/health/group/dependencies} on the management port),
 * and deliberately not a probe: during an outage every replica would fail it at once, and an unready api leaves
 * the Service empty (connection refused) while a ready one answers 503 with {@code Retry-After}; a restart would
 * not bring the database back either.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class DatabaseCheck implements AsyncHealthCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Pool pool;

    DatabaseCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .map(rows -> HealthCheckResponse.up("postgresql"))
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("postgresql").down()
                        .withData("error", failure.getClass().getSimpleName()).build());
    }
}
