package dev.bulkexport.worker.report;

import dev.bulkexport.common.report.ColumnSelection;
import dev.bulkexport.common.report.ColumnType;
import dev.bulkexport.common.report.ReportColumn;
import dev.bulkexport.common.report.ReportDefinition;

import dev.bulkexport.worker.config.WorkerConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams a report's rows from a server-side cursor inside one read-only repeatable-read transaction, so
 * the whole file comes from one consistent snapshot and memory stays flat whatever the size.
 */
@ApplicationScoped
public class ReportReader {
    private final AgroalDataSource dataSource;
    private final int fetchSize;
    /** Threads that fetch rows ahead of the writers (one per running export, idle ones end after a minute). */
    private final ExecutorService prefetch = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "row-prefetch");
                thread.setDaemon(true);
                return thread;
            });

    public ReportReader(AgroalDataSource dataSource, WorkerConfig config) {
        this.dataSource = dataSource;
        this.fetchSize = config.fetchSize();
    }

    /** Receives each row (the writer must not keep the array). */
    @FunctionalInterface
    public interface RowSink {
        void accept(Object[] row) throws IOException;
    }

    /**
     * Feeds every row to the sink and returns how many there were. Rows are fetched and decoded on another
     * thread while the sink writes the previous ones ({@link RowPrefetch}).
     */
    public long read(ReportDefinition report, List<Long> propertyIds, LocalDate start, LocalDate end, RowSink sink)
            throws SQLException, IOException {
        return RowPrefetch.run(prefetch, batches -> fetch(report, propertyIds, start, end, batches), sink);
    }

    private void fetch(ReportDefinition report, List<Long> propertyIds, LocalDate start, LocalDate end,
            RowPrefetch.Batches batches) throws SQLException, IOException {
        List<ReportColumn> columns = report.columns();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(report.sql(),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(fetchSize);
                statement.setArray(1, connection.createArrayOf("bigint", propertyIds.toArray()));
                statement.setObject(2, start);
                statement.setObject(3, end);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = value(rs, i + 1, columns.get(i).type());
                        }
                        batches.add(row);
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    /** Receives each row of a COPY: its bytes (one CSV record ending in a line feed) and length. */
    @FunctionalInterface
    public interface CsvRecordSink {
        void accept(byte[] record, int length) throws IOException;
    }

    /** Whether PostgreSQL's own text of this report's values is Java's: no floating-point text to differ. */
    public static boolean copyPrintsAsJava(ReportDefinition report) {
        return report.columns().stream().noneMatch(column -> column.type() == ColumnType.DOUBLE);
    }

    /**
     * Feeds the report's rows as PostgreSQL formats them in CSV (COPY, no header; booleans as true/false) in
     * the same kind of transaction as {@link #read}, and returns how many there were. The database formats,
     * the worker only forwards bytes: no per-value decoding.
     */
    public long copyCsv(ReportDefinition report, ColumnSelection selection, List<Long> propertyIds, LocalDate start,
            LocalDate end, CsvRecordSink sink) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut(copySql(report, selection, propertyIds, start, end));
            boolean copied = false;
            try {
                byte[] record;
                while ((record = copy.readFromCopy()) != null) {
                    sink.accept(record, record.length);
                }
                copied = true;
                return copy.getHandledRowCount();
            } finally {
                if (copied) {
                    connection.rollback();
                } else {
                    discard(connection);
                }
            }
        }
    }

    /**
     * A COPY stopped half-way (cancelled job, failed upload) holds the connection: returning it to the pool
     * blocked forever on its reset, and after {@code cancelCopy} the next job on it failed. The physical
     * connection is closed instead (the pool then drops it), which also ends the server's COPY.
     */
    private static void discard(Connection connection) throws SQLException {
        ((Connection) connection.unwrap(PGConnection.class)).abort(Runnable::run);
    }

    /**
     * COPY takes no parameters: the ids (numbers) and dates (ISO) go in as literals, which cannot carry
     * anything but their own values. The selected columns come in their order, after the property id when they
     * do not start with it (see {@link dev.bulkexport.worker.format.CopyCsvWriter}).
     */
    static String copySql(ReportDefinition report, ColumnSelection selection, List<Long> propertyIds, LocalDate start,
            LocalDate end) {
        return copySql(report, selection, propertyIds, start, end, false);
    }

    /**
     * As {@link #copySql(ReportDefinition, ColumnSelection, List, LocalDate, LocalDate)}; {@code binary} has
     * PostgreSQL's binary format, each column cast to the one type its {@link ColumnType} is read as.
     */
    static String copySql(ReportDefinition report, ColumnSelection selection, List<Long> propertyIds, LocalDate start,
            LocalDate end, boolean binary) {
        String[] parts = report.sql().split("\\?", -1);
        if (parts.length != 4) {
            throw new IllegalStateException("a report's SELECT takes ids, first and last day: " + report.type());
        }
        StringBuilder ids = new StringBuilder();
        for (Long id : propertyIds) {
            ids.append(ids.isEmpty() ? "" : ",").append(id.longValue());
        }
        String select = parts[0] + "'{" + ids + "}'::bigint[]" + parts[1] + "DATE '" + start + "'" + parts[2]
                + "DATE '" + end + "'" + parts[3];
        List<ReportColumn> columns = report.columns();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            names.append(i == 0 ? "" : ", ").append("c").append(i);
        }
        StringBuilder outer = new StringBuilder(selection.startsWithReportKey() ? ""
                : binary ? "q.c0" + CopyBinaryRow.cast(columns.get(0).type()) : "q.c0");
        for (int i = 0; i < selection.columns().size(); i++) {
            int index = selection.index(i);
            ColumnType type = columns.get(index).type();
            outer.append(outer.isEmpty() ? "" : ", ").append("q.c").append(index)
                    .append(binary ? CopyBinaryRow.cast(type) : type == ColumnType.BOOLEAN ? "::text" : "");
        }
        return "COPY (SELECT " + outer + " FROM (" + select + ") AS q(" + names + ")) TO STDOUT WITH (FORMAT "
                + (binary ? "binary" : "csv") + ")";
    }

    /** Receives each row of a binary COPY (the same instance every time: see {@link CopyBinaryRow}). */
    @FunctionalInterface
    public interface BinaryRowSink {
        void accept(CopyBinaryRow row) throws IOException;
    }

    /**
     * Feeds the report's rows as PostgreSQL's binary COPY has them (the selected columns, after the property id
     * when they do not start with it, as in {@link #copyCsv}) in the same kind of transaction as {@link #read},
     * and returns how many there were. Values are decoded in place by the writer: no objects per value.
     */
    public long copyBinary(ReportDefinition report, ColumnSelection selection, List<Long> propertyIds,
            LocalDate start, LocalDate end, BinaryRowSink sink) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut(copySql(report, selection, propertyIds, start, end, true));
            boolean copied = false;
            try {
                CopyBinaryRow row = new CopyBinaryRow(selection.columns().size()
                        + (selection.startsWithReportKey() ? 0 : 1));
                byte[] message;
                while ((message = copy.readFromCopy()) != null) {
                    if (row.parse(message)) {
                        sink.accept(row);
                    }
                }
                copied = true;
                return copy.getHandledRowCount();
            } finally {
                if (copied) {
                    connection.rollback();
                } else {
                    discard(connection);
                }
            }
        }
    }

    private static Object value(ResultSet rs, int index, ColumnType type) throws SQLException {
        Object value = switch (type) {
            case DATE -> rs.getObject(index, LocalDate.class);
            case INTEGER -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case STRING -> rs.getString(index);
        };
        return rs.wasNull() ? null : value;
    }
}
