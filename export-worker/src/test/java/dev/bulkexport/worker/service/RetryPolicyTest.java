package dev.bulkexport.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RetryPolicyTest {

    @Test
    void s3_unreachable_erroring_or_throttling_is_transient() {
        assertThat(RetryPolicy.isTransient(SdkClientException.create("Unable to execute HTTP request"))).isTrue();
        assertThat(RetryPolicy.isTransient(s3(500))).isTrue();
        assertThat(RetryPolicy.isTransient(s3(503))).isTrue();
        assertThat(RetryPolicy.isTransient(s3(429))).isTrue();
    }

    @Test
    void an_iceberg_commit_that_lost_its_race_or_its_answer_is_transient_a_data_conflict_is_not() {
        assertThat(RetryPolicy.isTransient(new CommitFailedException("Table metadata refresh is required"))).isTrue();
        assertThat(RetryPolicy.isTransient(new IllegalStateException("commit",
                new CommitStateUnknownException(new SQLException("connection reset"))))).isTrue();
        assertThat(RetryPolicy.isTransient(new ValidationException("Cannot delete file where some, but not all,"
                + " rows match filter"))).isFalse();
    }

    @Test
    void s3_refusing_the_request_itself_is_permanent() {
        assertThat(RetryPolicy.isTransient(s3(403))).isFalse();
        assertThat(RetryPolicy.isTransient(NoSuchBucketException.builder().statusCode(404).message("no bucket")
                .build())).isFalse();
    }

    @Test
    void a_destination_address_the_ssrf_guard_refuses_is_permanent_though_it_reads_as_unreachable() {
        var refused = new dev.bulkexport.common.callback.CallbackUrlGuard.RefusedAddress(
                "endpoint host s3.rebind.test must resolve to public internet addresses only");
        assertThat(RetryPolicy.isTransient(SdkClientException.create("Unable to execute HTTP request", refused)))
                .isFalse();
    }

    @Test
    void postgresql_unreachable_or_restarting_is_transient_also_behind_the_pools_own_exception() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(RetryPolicy.isTransient(new SQLException("Exception while creating new connection", refused)))
                .isTrue();
        assertThat(RetryPolicy.isTransient(new SQLException("An I/O error occurred", "08006"))).isTrue();
        assertThat(RetryPolicy.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(RetryPolicy.isTransient(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
    }

    @Test
    void a_query_failing_on_its_data_or_text_is_permanent() {
        assertThat(RetryPolicy.isTransient(new SQLException("date out of range", "22008"))).isFalse();
        assertThat(RetryPolicy.isTransient(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(RetryPolicy.isTransient(new SQLException("database dropped", "57P04"))).isFalse();
    }

    @Test
    void a_broken_stream_is_transient_wherever_it_sits_in_the_causes() {
        assertThat(RetryPolicy.isTransient(new IOException("part upload failed"))).isTrue();
        assertThat(RetryPolicy.isTransient(new UncheckedIOException(new IOException("reset")))).isTrue();
        assertThat(RetryPolicy.isTransient(new RuntimeException("write failed", new IOException("reset")))).isTrue();
    }

    @Test
    void a_bug_is_permanent() {
        assertThat(RetryPolicy.isTransient(new NullPointerException())).isFalse();
        assertThat(RetryPolicy.isTransient(new IllegalStateException("a report's SELECT takes ids"))).isFalse();
    }

    @Test
    void the_wait_doubles_from_one_second_up_to_fifteen() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(RetryPolicy::backoff))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(15));
        assertThat(RetryPolicy.backoff(1_000)).isEqualTo(Duration.ofSeconds(15));
    }

    private static S3Exception s3(int status) {
        return (S3Exception) S3Exception.builder().statusCode(status).message("status " + status).build();
    }
}
