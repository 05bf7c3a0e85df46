package dev.bulkexport.worker.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RowPrefetchTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void every_row_reaches_the_sink_once_in_order_across_batches() throws Exception {
        int count = RowPrefetch.BATCH_ROWS * 3 + 17;
        List<Object> seen = new ArrayList<>();
        long rows = RowPrefetch.run(executor, batches -> {
            for (int i = 0; i < count; i++) {
                batches.add(new Object[] {i});
            }
        }, row -> seen.add(row[0]));
        assertThat(rows).isEqualTo(count);
        assertThat(seen).hasSize(count).isSortedAccordingTo((a, b) -> Integer.compare((int) a, (int) b));
        assertThat(seen.get(count - 1)).isEqualTo(count - 1);
    }

    @Test
    void a_read_failure_reaches_the_writer_after_the_rows_before_it() {
        AtomicLong written = new AtomicLong();
        assertThatThrownBy(() -> RowPrefetch.run(executor, batches -> {
            for (int i = 0; i < RowPrefetch.BATCH_ROWS + 1; i++) {
                batches.add(new Object[] {i});
            }
            throw new SQLException("connection lost", "08006");
        }, row -> written.incrementAndGet())).isInstanceOf(SQLException.class).hasMessage("connection lost");
        assertThat(written.get()).isEqualTo(RowPrefetch.BATCH_ROWS);
    }

    @Test
    void a_write_failure_stops_the_reading_thread() throws Exception {
        AtomicBoolean readerEnded = new AtomicBoolean();
        assertThatThrownBy(() -> RowPrefetch.run(executor, batches -> {
            try {
                for (long i = 0; ; i++) { // an endless source: only the writer's failure ends it
                    batches.add(new Object[] {i});
                }
            } finally {
                readerEnded.set(true);
            }
        }, row -> {
            throw new IOException("upload failed");
        })).isInstanceOf(IOException.class).hasMessage("upload failed");
        assertThat(readerEnded).isTrue();
    }

    @Test
    void an_interrupted_writer_stops_with_an_interrupted_io_exception_and_the_reader_ends() throws Exception {
        AtomicBoolean readerEnded = new AtomicBoolean();
        Future<?> export = executor.submit(() -> RowPrefetch.run(executor, batches -> {
                try {
                    for (long i = 0; ; i++) {
                        batches.add(new Object[] {i});
                    }
                } finally {
                    readerEnded.set(true);
                }
            }, row -> {
                if ((long) row[0] == 1000) {
                    Thread.currentThread().interrupt(); // what a worker's stop does to the export's thread
                }
            }));
        assertThatThrownBy(() -> export.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedIOException.class);
        assertThat(readerEnded).isTrue();
    }
}
