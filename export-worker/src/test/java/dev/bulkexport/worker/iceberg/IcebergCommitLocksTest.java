package dev.bulkexport.worker.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IcebergCommitLocksTest {
    private static final TableIdentifier TABLE = TableIdentifier.of("sync", "property_daily");

    @Inject
    IcebergCommitLocks locks;

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopTheOtherThread() throws InterruptedException {
        other.shutdownNow();
        assertThat(other.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_second_commit_to_a_table_waits_for_the_first_and_a_commit_to_another_table_does_not() throws Exception {
        UUID account = UUID.randomUUID();
        try (IcebergCommitLocks.Held first = locks.hold(account, TABLE)) {
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> holdAndRelease(account, TABLE), other);

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
            try (IcebergCommitLocks.Held elsewhere = locks.hold(UUID.randomUUID(), TABLE)) {
                assertThat(elsewhere).as("another account's table of the same name").isNotNull();
            }
            first.close();
            await().atMost(Duration.ofSeconds(10)).until(second::isDone);
            second.join();
        }
    }

    private void holdAndRelease(UUID account, TableIdentifier table) {
        try (IcebergCommitLocks.Held held = locks.hold(account, table)) {
            assertThat(held).isNotNull();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
