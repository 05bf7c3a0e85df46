package dev.bulkexport.worker.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes rows on another thread while the caller's thread writes the previous ones: with a
 * server-side cursor the database and the file writer otherwise take turns (the writer waits for each fetch,
 * the database for each batch to be written). At most {@link #BATCHES_AHEAD} batches are held, so memory
 * stays flat.
 */
final class RowPrefetch {
    static final int BATCH_ROWS = 512;
    static final int BATCHES_AHEAD = 4;

    /** Produces rows into the batches until the source ends; checks {@link Batches#stopped} between batches. */
    @FunctionalInterface
    interface Producer {
        void produce(Batches batches) throws SQLException, IOException;
    }

    /** The producer's side: fill a batch, hand it over. */
    static final class Batches {
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD + 1);
        private volatile boolean stopped;
        private Object[][] batch = new Object[BATCH_ROWS][];
        private int size;

        /** Adds a row (the producer's own array, not reused). */
        void add(Object[] row) throws InterruptedIOException {
            batch[size++] = row;
            if (size == BATCH_ROWS) {
                flush();
            }
        }

        boolean stopped() {
            return stopped;
        }

        private void flush() throws InterruptedIOException {
            if (size > 0) {
                Object[][] full = size == BATCH_ROWS ? batch : java.util.Arrays.copyOf(batch, size);
                batch = new Object[BATCH_ROWS][];
                size = 0;
                hand(full);
            }
        }

        /** Waits for room, giving up when the consumer went away. */
        private void hand(Object item) throws InterruptedIOException {
            try {
                while (!stopped && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // the consumer is still writing: wait for room
                }
                if (stopped) {
                    throw new InterruptedIOException("the writer stopped");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("prefetch interrupted");
            }
        }
    }

    /** The end of the rows: normal, or the failure that ended them. */
    private record End(Throwable failure) {
    }

    private RowPrefetch() {
    }

    /** Runs the producer on the executor and feeds every row to the sink on this thread; returns the count. */
    static long run(ExecutorService executor, Producer producer, ReportReader.RowSink sink)
            throws SQLException, IOException {
        Batches batches = new Batches();
        Future<?> reading = executor.submit(() -> {
            Throwable failure = null;
            try {
                producer.produce(batches);
                batches.flush();
            } catch (Throwable e) {
                failure = e;
            }
            try {
                batches.hand(new End(failure));
            } catch (InterruptedIOException e) {
                // the consumer is gone
            }
        });
        long rows = 0;
        try {
            while (true) {
                Object item = batches.queue.take();
                if (item instanceof End end) {
                    rethrow(end.failure());
                    return rows;
                }
                for (Object[] row : (Object[][]) item) {
                    sink.accept(row);
                    rows++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading rows");
        } finally {
            batches.stopped = true;
            awaitQuietly(reading);
        }
    }

    /** The producer stops within one batch once told; its transaction is rolled back before it ends. */
    private static void awaitQuietly(Future<?> reading) {
        boolean interrupted = Thread.interrupted();
        try {
            reading.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // its failure, if any, was handed over or does not matter any more
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void rethrow(Throwable failure) throws SQLException, IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }
}
