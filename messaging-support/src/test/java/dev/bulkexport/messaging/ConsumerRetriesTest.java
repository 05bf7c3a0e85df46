package dev.bulkexport.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsumerRetriesTest {

    @Test
    void work_that_fails_while_the_database_is_unavailable_is_retried_until_it_succeeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = ConsumerRetries.retryWhileDatabaseUnavailable(() -> Uni.createFrom().item(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new RuntimeException(new ConnectException("Connection refused"));
            }
            return "applied";
        }), "test").await().atMost(Duration.ofSeconds(10));

        assertThat(result).isEqualTo("applied");
        assertThat(calls).hasValue(3);
    }

    @Test
    void work_that_fails_for_any_other_reason_fails_at_once_so_the_record_is_dead_lettered() {
        AtomicInteger calls = new AtomicInteger();
        Uni<String> work = ConsumerRetries.retryWhileDatabaseUnavailable(() -> Uni.createFrom().item(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a bug");
        }), "test");

        assertThatThrownBy(() -> work.await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class).hasMessage("a bug");
        assertThat(calls).hasValue(1);
    }

    @Test
    void work_that_fails_because_the_pool_closed_at_shutdown_is_neither_retried_nor_dead_lettered() {
        AtomicInteger calls = new AtomicInteger();
        Uni<String> work = ConsumerRetries.retryWhileDatabaseUnavailable(() -> Uni.createFrom().item(() -> {
            calls.incrementAndGet();
            throw new RuntimeException(new io.vertx.core.impl.NoStackTraceThrowable("Pool closed"));
        }), "test");

        // Neither an item (an ack) nor a failure (a nack: the dead-letter topic): the record stays uncommitted.
        assertThatThrownBy(() -> work.await().atMost(Duration.ofMillis(500)))
                .isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
        assertThat(calls).hasValue(1);
        assertThat(ReactiveDatabase.poolClosed(new io.vertx.core.impl.NoStackTraceThrowable("Pool closed"))).isTrue();
        assertThat(ReactiveDatabase.poolClosed(new io.vertx.core.impl.NoStackTraceThrowable("Timeout"))).isFalse();
    }

    @Test
    void the_reactive_clients_connection_failures_and_restarts_count_as_unavailable_and_nothing_else_does() {
        assertThat(ReactiveDatabase.unavailable(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new PgException("the database system is starting up", "FATAL",
                "57P03", null))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new VertxException("Connection is closed", true))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new VertxException("Connection was closed", true))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new RuntimeException(new io.vertx.core.impl.NoStackTraceThrowable(
                "Connection is not active now, current status: CLOSED")))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new java.util.concurrent.CompletionException(
                new IllegalStateException("HR000089: Connection is closed")))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new IllegalStateException("HR000026: Session is closed"))).isFalse();
        assertThat(ReactiveDatabase.unavailable(new io.vertx.core.impl.NoStackTraceThrowable("Timeout"))).isFalse();
        // Seen when PostgreSQL restarted under a create (fault suite): it was a 500 before.
        assertThat(ReactiveDatabase.unavailable(new RuntimeException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new RuntimeException(new ConnectException("refused")))).isTrue();
        // Seen when PostgreSQL stopped under a request (fault suite, CI): a 500 before.
        assertThat(ReactiveDatabase.unavailable(new java.net.SocketException("Connection reset"))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new java.io.IOException(
                "recvAddress(..) failed: Connection reset by peer"))).isTrue();
        // A query written to the socket as PostgreSQL closed it (fault suite, PostgreSQL restart): a 500 before.
        assertThat(ReactiveDatabase.unavailable(new java.io.IOException("Broken pipe"))).isTrue();
        assertThat(ReactiveDatabase.unavailable(new java.net.SocketException("Socket closed by a bug"))).isFalse();

        assertThat(ReactiveDatabase.unavailable(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(ReactiveDatabase.unavailable(new PgException("database dropped", "FATAL", "57P04", null)))
                .isFalse();
        assertThat(ReactiveDatabase.unavailable(new VertxException("Timeout", true))).isFalse();
        assertThat(ReactiveDatabase.unavailable(new NullPointerException())).isFalse();
    }
}
